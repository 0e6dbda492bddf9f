package io.github.tcpmodel.engine.conformance;

import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.property.conformance.Implementation;
import io.github.tcpmodel.property.group.ConformanceProperties;

class EngineLinuxConformanceTest extends ConformanceProperties {

    @Override
    protected Implementation.ConformanceFactory implementation() {
        return EngineImplementation.factory(ConnectionConfig.linux());
    }
}
