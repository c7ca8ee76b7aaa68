package org.upgradeflow.remote;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and the last {@code limit/2} bytes of a stream and counts the rest, so that a
 * command printing megabytes costs a fixed amount of memory. The full text goes to the step log.
 */
final class BoundedCapture extends OutputStream {

  private final byte[] head;
  private final byte[] tail;
  private int headLen;
  private long tailWritten;
  private long total;

  BoundedCapture(int limit) {
    head = new byte[limit / 2];
    tail = new byte[limit - limit / 2];
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    total += len;
    int toHead = Math.min(len, head.length - headLen);
    System.arraycopy(b, off, head, headLen, toHead);
    headLen += toHead;
    for (int i = off + toHead; i < off + len; i++) {
      tail[(int) (tailWritten++ % tail.length)] = b[i];
    }
  }

  synchronized long total() {
    return total;
  }

  synchronized boolean truncated() {
    return tailWritten > tail.length;
  }

  /** Head, a marker with the number of bytes left out, tail. */
  synchronized String text() {
    String h = new String(head, 0, headLen, StandardCharsets.UTF_8);
    if (tailWritten == 0) {
      return h;
    }
    int n = (int) Math.min(tailWritten, tail.length);
    byte[] t = new byte[n];
    int start = (int) (tailWritten > tail.length ? tailWritten % tail.length : 0);
    for (int i = 0; i < n; i++) {
      t[i] = tail[(start + i) % tail.length];
    }
    String omitted = truncated()
        ? "\n[... " + (tailWritten - tail.length) + " bytes omitted, see the step log ...]\n"
        : "";
    return h + omitted + new String(t, StandardCharsets.UTF_8);
  }
}
