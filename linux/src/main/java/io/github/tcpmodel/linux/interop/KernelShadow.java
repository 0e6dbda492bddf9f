package io.github.tcpmodel.linux.interop;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.Objects;

/**
 * What the model predicts for the kernel's side of one connection: the control state reached by the table of a
 * {@link Profile} (normally {@link Profile#linux()}) from the events the kernel's socket meets, as the test knows
 * them from its own calls on the kernel socket and the segments that crossed the TUN. Each checkpoint compares
 * {@link #state()} with what {@code ss} reports.
 *
 * <p>Immutable: every event returns a new shadow, or why the table refuses it.
 */
public final class KernelShadow {

    private final Profile profile;
    private final ConnectionState state;
    private final List<Event> history;

    private KernelShadow(Profile profile, ConnectionState state, List<Event> history) {
        this.profile = profile;
        this.state = state;
        this.history = history;
    }

    /** A kernel socket that does not exist yet (CLOSED), under {@code profile}. */
    public static KernelShadow of(Profile profile) {
        return new KernelShadow(Objects.requireNonNull(profile, "profile is null"), ConnectionState.CLOSED,
                List.empty());
    }

    /** The kernel's connection after {@code event}, or the table's refusal as a message. */
    public Either<String, KernelShadow> on(Event event) {
        Outcome o = profile.table().step(state, event);
        if (!o.isTransition()) {
            return Either.left(profile.name() + " refuses " + event + " in " + state + " after " + history.mkString(
                    ", ") + ": " + o);
        }
        return Either.right(new KernelShadow(profile, o.target(state), history.append(event)));
    }

    /** {@link #on(Event)} for a sequence of events. */
    public Either<String, KernelShadow> on(Event... events) {
        Either<String, KernelShadow> s = Either.right(this);
        for (Event e : events) {
            s = s.flatMap(k -> k.on(e));
        }
        return s;
    }

    /**
     * The application closes the socket: CLOSE, or ABORT where the profile sends a RST for a close with unread text
     * (Linux: {@code rst-on-close-with-unread-data}, RFC 2525 §2.17).
     */
    public Either<String, KernelShadow> close(boolean unreadText) {
        return on(unreadText && profile.resetOnCloseWithUnreadData() ? Event.ABORT : Event.CLOSE);
    }

    /** The predicted control state. */
    public ConnectionState state() {
        return state;
    }

    /** The predicted {@link TcpState}, without the SYN-RECEIVED origin. */
    public TcpState tcpState() {
        return state.state();
    }

    /** The events so far. */
    public List<Event> history() {
        return history;
    }

    /** The profile. */
    public Profile profile() {
        return profile;
    }

    @Override
    public String toString() {
        return profile.name() + ":" + state.rfcName();
    }
}
