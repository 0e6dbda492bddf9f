package io.github.tcpmodel.linux.netns;

/** Run in a child JVM: makes a namespace, prints its name, and waits to be killed. */
public final class HookProbe {
    private HookProbe() {
    }

    public static void main(String[] args) throws Exception {
        NetNamespace ns = NetNamespace.create().getOrElseThrow(NetnsError::toException);
        ns.openTun("10.79.0.1/24").getOrElseThrow(NetnsError::toException);
        System.out.println(ns.name());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
