package org.upgradeflow.lab.command;

/**
 * The behaviour of one program on a lab host ({@code systemctl}, {@code yum}, {@code sha256sum}).
 * It reads its arguments and streams from the context, reads or changes the host model, writes
 * realistic output and returns the exit code the real program would.
 *
 * <p>A behaviour that changes state (files, packages, services) calls
 * {@link CommandContext#stateChanged()} so the command line lands in the host's journal.
 * Blocking work must be interruptible: the thread is interrupted when the client closes the
 * channel or the job is killed.
 */
@FunctionalInterface
public interface LabCommand {

  int run(CommandContext ctx) throws Exception;
}
