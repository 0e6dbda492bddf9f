package io.github.tcpmodel.property.group;

class ModelValidityTest extends ValidityProperties {
}
