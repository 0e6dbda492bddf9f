package io.github.tcpmodel.property.group;

import org.junit.jupiter.api.TestInfo;

/** The {@code Class#method} name of the running test, for failure reports and replay commands. */
final class Names {

    private Names() {
    }

    static String of(TestInfo info) {
        return info.getTestClass().map(Class::getName).orElse("?") + "#"
                + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?");
    }
}
