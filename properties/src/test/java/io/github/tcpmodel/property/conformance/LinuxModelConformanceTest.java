package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.group.ConformanceProperties;
import io.github.tcpmodel.seq.SeqNum;

class LinuxModelConformanceTest extends ConformanceProperties {

    @Override
    protected Implementation.ConformanceFactory implementation() {
        return ModelImplementation.factory(Profile.linux(), SeqNum.of(SeqNum.HALF - 1));
    }
}
