package io.github.tcpmodel.property.group;

import io.github.tcpmodel.profile.Profile;

class LinuxMetamorphicTest extends MetamorphicProperties {

    @Override
    protected Profile profile() {
        return Profile.linux();
    }
}
