package org.upgradeflow.lab.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.upgradeflow.lab.command.ConnectionDrop;
import org.upgradeflow.lab.command.ShellInterpreter;

/**
 * One SSH exec request on a lab host: runs the command line through the lab shell on its own
 * thread, so a hanging or sleeping command never blocks MINA's I/O threads. Closing the
 * channel interrupts the thread; an injected drop closes the whole session without an exit
 * status, as a lost connection would.
 */
final class LabExecCommand implements Command {

  private static final Logger log = LoggerFactory.getLogger(LabExecCommand.class);

  private final String commandLine;
  private final ShellInterpreter interpreter;
  private final ExecutorService executor;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Future<?> running;

  LabExecCommand(String commandLine, ShellInterpreter interpreter, ExecutorService executor) {
    this.commandLine = commandLine;
    this.interpreter = interpreter;
    this.executor = executor;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    // a pty-req sets TERM (and the window size) in MINA's environment; a client may send no modes
    boolean pty = !env.getPtyModes().isEmpty() || env.getEnv().containsKey(Environment.ENV_TERM)
        || env.getEnv().containsKey(Environment.ENV_COLUMNS);
    running = executor.submit(() -> {
      try {
        int code = interpreter.exec(commandLine, in, out, err, pty);
        out.flush();
        err.flush();
        exit.onExit(code);
      } catch (ConnectionDrop e) {
        log.debug("Lab drops the connection during: {}", commandLine);
        channel.getSession().close(true);
      } catch (InterruptedException e) {
        // the channel closed under the command (client timeout, reboot): nobody waits for a status
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException e) {
        log.debug("Lab exec failed: {}", commandLine, e);
        exit.onExit(255, String.valueOf(e.getMessage()));
      }
    });
  }

  @Override
  public void destroy(ChannelSession channel) {
    Future<?> f = running;
    if (f != null) {
      f.cancel(true);
    }
  }
}
