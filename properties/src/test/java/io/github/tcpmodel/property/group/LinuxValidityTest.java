package io.github.tcpmodel.property.group;

import io.github.tcpmodel.profile.Profile;

class LinuxValidityTest extends ValidityProperties {

    @Override
    protected Profile profile() {
        return Profile.linux();
    }
}
