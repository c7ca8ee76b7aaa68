package org.upgradeflow.lab.command;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The channel's stream as seen by a background job: once the exec channel has closed, output
 * is discarded instead of failing the job. (A real sshd would keep the channel open while a
 * background process holds it; the templates always redirect a detached job's output.)
 */
final class DetachedOutput extends OutputStream {

  private final OutputStream target;
  private volatile boolean broken;

  DetachedOutput(OutputStream target) {
    this.target = target;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (broken) {
      return;
    }
    try {
      target.write(b, off, len);
      target.flush();
    } catch (IOException e) {
      broken = true;
    }
  }
}
