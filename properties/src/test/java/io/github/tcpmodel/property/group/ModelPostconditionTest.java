package io.github.tcpmodel.property.group;

class ModelPostconditionTest extends PostconditionProperties {
}
