package io.github.tcpmodel.property.group;

class ModelMetamorphicTest extends MetamorphicProperties {
}
