/**
 * The rehearsal lab (Spring profile {@code lab}): simulated hosts that are real SSH servers on
 * 127.0.0.1 with in-memory filesystems, answering the commands UpgradeFlow sends.
 *
 * <h2>Where things are</h2>
 * <ul>
 *   <li>{@code lab.host}: {@link org.upgradeflow.lab.host.LabHostFleet} (starts hosts from
 *       {@link org.upgradeflow.lab.host.LabHostSpec}s, owns the client key
 *       {@code data/lab/id_ed25519} and {@code data/lab/known_hosts}),
 *       {@link org.upgradeflow.lab.host.LabHost} (the SSH server: reboot, reachability, reset),
 *       {@link org.upgradeflow.lab.host.LabHostState} (the model: packages, services, files,
 *       journal, faults, background jobs, boot hooks, snapshot/reset).</li>
 *   <li>{@code lab.command}: {@link org.upgradeflow.lab.command.LabCommand} behaviours in
 *       layered {@link org.upgradeflow.lab.command.LabCommandRegistry}s (built-ins, OS family,
 *       host), run by the {@link org.upgradeflow.lab.command.ShellInterpreter}.</li>
 *   <li>{@code lab.shell}: tokenizer and parser for the POSIX sh subset.</li>
 * </ul>
 *
 * <h2>The shell's limits, on purpose</h2>
 * Lists ({@code ; & newline}), {@code && ||}, {@code !}, pipelines, redirections
 * ({@code > >> < n> n>&m}), {@code NAME=value} prefixes, parameters ({@code $? $! $$ $0-$9 $# $@
 * $NAME ${NAME}}), built-ins {@code cd exit export sh bash setsid nohup exec}. Pipeline stages
 * run one after another with buffered output (fine for filters; an endless producer would never
 * end). No globbing, no field splitting, no command substitution, here-documents, subshells,
 * groups or control structures: those are syntax errors with exit 2, so a step that sends them
 * fails in the lab instead of being half-understood. A pty merges stderr into stdout but does
 * not echo input or translate newlines. A background job's unredirected output is dropped once
 * the exec channel has closed (a real sshd would hold the channel open).
 */
package org.upgradeflow.lab;
