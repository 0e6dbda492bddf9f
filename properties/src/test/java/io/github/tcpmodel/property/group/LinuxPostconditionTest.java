package io.github.tcpmodel.property.group;

import io.github.tcpmodel.profile.Profile;

class LinuxPostconditionTest extends PostconditionProperties {

    @Override
    protected Profile profile() {
        return Profile.linux();
    }
}
