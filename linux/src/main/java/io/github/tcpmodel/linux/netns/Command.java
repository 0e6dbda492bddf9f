package io.github.tcpmodel.linux.netns;

import io.vavr.control.Either;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion and hands back its standard output, or why it failed. */
final class Command {
    private static final long TIMEOUT_SECONDS = 20;

    private Command() {
    }

    static Either<NetnsError, String> run(List<String> argv) {
        return run(argv, null);
    }

    static Either<NetnsError, String> run(List<String> argv, String stdin) {
        String shown = String.join(" ", argv);
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            return Either.left(new NetnsError(NetnsError.Kind.NOT_AVAILABLE,
                    "cannot run `" + shown + "`: " + e.getMessage()));
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = drain(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED,
                        "`" + shown + "` did not finish within " + TIMEOUT_SECONDS + " s"));
            }
            String errText = err.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                return Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED, "`" + shown + "` exited with "
                        + p.exitValue() + ": " + (errText.isBlank() ? out : errText).strip()));
            }
            return Either.right(out);
        } catch (IOException | UncheckedIOException | ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            return Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED, "`" + shown + "`: " + e));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED, "`" + shown + "`: interrupted"));
        }
    }

    static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
