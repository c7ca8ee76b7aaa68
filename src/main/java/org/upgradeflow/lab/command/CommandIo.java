package org.upgradeflow.lab.command;

import java.io.InputStream;
import java.io.OutputStream;

/** The three standard streams of a command, after redirections. */
record CommandIo(InputStream in, OutputStream out, OutputStream err) {

  CommandIo withIn(InputStream in) {
    return new CommandIo(in, out, err);
  }

  CommandIo withOut(OutputStream out) {
    return new CommandIo(in, out, err);
  }
}
