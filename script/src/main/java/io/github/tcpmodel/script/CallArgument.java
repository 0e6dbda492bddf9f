package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * An argument of a socket call as packetdrill's grammar writes it ({@code expression} in its parser): elided
 * ({@code ...}), a number, a constant or {@code |}-joined constants, a string, a function-like form
 * ({@code htons(8080)}, {@code msg_iov(1)}), an array {@code [a, b]} or a struct {@code {name=value, value}}. Kept as
 * written, so a target can make exactly the call the script makes.
 */
public sealed interface CallArgument {

    /** {@code ...}: whatever the target uses (an address, a buffer). */
    record Elided() implements CallArgument {
        @Override
        public String toString() {
            return "...";
        }
    }

    /** A number, decimal or {@code 0x} hex as written; may be negative. */
    record Number(long value, String text) implements CallArgument {
        public Number {
            Objects.requireNonNull(text, "text is null");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A constant, or constants joined by {@code |} ({@code O_RDWR|O_NONBLOCK}). */
    record Words(List<String> words) implements CallArgument {
        public Words {
            Objects.requireNonNull(words, "words is null");
            if (words.isEmpty()) {
                throw new IllegalArgumentException("no word");
            }
        }

        @Override
        public String toString() {
            return words.mkString("|");
        }
    }

    /** A double-quoted string. */
    record Text(String value) implements CallArgument {
        public Text {
            Objects.requireNonNull(value, "value is null");
        }

        @Override
        public String toString() {
            return "\"" + value + "\"";
        }
    }

    /** A function-like form {@code name(args)}: {@code htons(8080)}, {@code inet_addr("1.2.3.4")}, {@code msg_iov(1)}. */
    record Apply(String name, List<CallArgument> args) implements CallArgument {
        public Apply {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(args, "args is null");
        }

        @Override
        public String toString() {
            return name + "(" + args.mkString(", ") + ")";
        }
    }

    /** An array {@code [a, b]}; an int passed by reference is {@code [N]}. */
    record Array(List<CallArgument> items) implements CallArgument {
        public Array {
            Objects.requireNonNull(items, "items is null");
        }

        @Override
        public String toString() {
            return "[" + items.mkString(", ") + "]";
        }
    }

    /** One member of a struct: {@code name=value}, or a value alone (positional, as in {@code {..., 1000}}). */
    record Field(Option<CallArgument> name, CallArgument value) {
        public Field {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(value, "value is null");
        }

        @Override
        public String toString() {
            return name.map(n -> n + "=").getOrElse("") + value;
        }
    }

    /** A struct {@code {a=1, b=2}}. */
    record Struct(List<Field> fields) implements CallArgument {
        public Struct {
            Objects.requireNonNull(fields, "fields is null");
        }

        /** The value of the member named {@code name} (a plain constant name, or the name of {@code name(...)}). */
        public Option<CallArgument> get(String name) {
            return fields.find(f -> f.name().exists(n -> nameOf(n).contains(name))).map(Field::value);
        }

        @Override
        public String toString() {
            return "{" + fields.mkString(", ") + "}";
        }
    }

    /** The name of a constant or function-like form; none for other arguments. */
    static Option<String> nameOf(CallArgument a) {
        if (a instanceof Words w && w.words().size() == 1) {
            return Option.some(w.words().head());
        }
        if (a instanceof Apply f) {
            return Option.some(f.name());
        }
        return Option.none();
    }

    /** The number this argument is ({@code N} or {@code [N]}); none otherwise. */
    static Option<Long> number(CallArgument a) {
        if (a instanceof Number n) {
            return Option.some(n.value());
        }
        if (a instanceof Array arr && arr.items().size() == 1 && arr.items().head() instanceof Number n) {
            return Option.some(n.value());
        }
        return Option.none();
    }
}
