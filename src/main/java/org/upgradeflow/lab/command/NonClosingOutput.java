package org.upgradeflow.lab.command;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Keeps a command from closing the shell's stream (the channel, or a redirect shared by 1 and 2). */
final class NonClosingOutput extends FilterOutputStream {

  NonClosingOutput(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
