package io.github.tcpmodel.property.group;

class LinuxOptionTest extends OptionProperties {
}
