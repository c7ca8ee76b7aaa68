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
 *   <li>{@code lab.cloudstack}: {@link org.upgradeflow.lab.cloudstack.CloudStackLab}, the
 *       behaviours that need a CloudStack estate (host-level commands wrapping the OS ones,
 *       state attached to the {@code LabEstate} and cleared by its reset): the management
 *       server's database upgrade at its first start after a package upgrade (in the background;
 *       log lines, {@code version} rows Upgrade then Complete per hop, {@code mshost.version};
 *       the 4.3 system VM template check per hypervisor in use, from {@code template_store_ref}
 *       on 4.2+ and {@code template_host_ref} before; one upgrade per estate, later servers just
 *       start); {@code cloudstack-sysvmadm} (getopts {@code srnvad:u:p:m:t:l:z:}, unknown flags
 *       print {@code illegal option -- X}; running system VMs from {@code vm_instance}; every VM
 *       fails unless {@code integration.api.port} is 8096 and a management server started after
 *       it was set; lines to the {@code -l} file or stdout; restarts in the truth;
 *       {@code -p}/{@code --password=} values masked in the journal); the 4.3 KVM agent's start
 *       checks of {@code agent.properties}/{@code environment.properties} and, on RHEL, the old
 *       agent's {@code jsvc} that survives the package upgrade until {@code killall jsvc}.
 *       Durations come from {@code CloudStackLab.Timings} scaled by the lab time. The
 *       {@code -d -u -p -m -t -n -v} flags of sysvmadm are accepted but not acted on.</li>
 * </ul>
 *
 * <h2>The shell subset</h2>
 * What {@code bash -c} does with the lines UpgradeFlow sends (see
 * {@code org.upgradeflow.remote.DetachedJobs}), with POSIX semantics:
 * <ul>
 *   <li>Lists ({@code ; & newline}), {@code && ||}, {@code !}, pipelines, and the compound
 *       command {@code if list; then list; [elif list; then list;]... [else list;] fi}, nestable,
 *       with redirections after {@code fi}; its status is the branch's, or 0 when no branch ran.
 *       Reserved words count only unquoted at the start of a command ({@code echo fi} is two
 *       words).</li>
 *   <li>Redirections {@code > >> < n> n>> n< n>&m n>&-}, {@code /dev/null} both ways;
 *       descriptors 0 to 2 only.</li>
 *   <li>{@code NAME=value} alone sets a shell variable (left to right: {@code a=1 b=$a});
 *       before a command it is that command's environment only ({@code DEBIAN_FRONTEND=x
 *       apt-get ...}; behaviours read it with {@code CommandContext.env}, child shells see it).
 *       Every variable is passed to child shells: there is no export attribute.</li>
 *   <li>Expansion of {@code $? $! $$ $0-$9 $# $@ $* $NAME ${NAME}} and command substitution
 *       {@code $(list)} (nested, and inside double quotes; run in a subshell, so {@code cd} and
 *       assignments inside do not leak; trailing newlines removed; a line of only assignments
 *       exits with the last substitution's status). Single quotes never expand; double quotes
 *       expand but do not split; results of unquoted expansions are split into fields at
 *       space, tab and newline ({@code IFS} itself is not read). No globbing, no tilde, no
 *       {@code ${x:-y}}-style operators.</li>
 *   <li>Built-ins {@code cd exit export umask : sh bash} ({@code -c}, a script, or stdin),
 *       {@code setsid nohup exec} as prefixes that run the rest of the command (in the
 *       background, as a lab process with a PID for {@code $!}, when the item ends in
 *       {@code &}). {@code umask} is recorded in the shell (and its children) but not applied to
 *       the modes of files the lab creates. {@code test}/{@code [} and {@code kill} ({@code -0}
 *       asks whether a lab background process runs) are programs in the registry.</li>
 *   <li>{@code /proc/sys/kernel/random/boot_id} is a file holding
 *       {@link org.upgradeflow.lab.host.LabHostState#bootId()}: a new random UUID at every boot
 *       (after {@code LabHost.reboot}); a reset returns to the snapshot's id.</li>
 * </ul>
 *
 * <h2>The shell's limits, on purpose</h2>
 * Pipeline stages run one after another with buffered output (fine for filters; an endless
 * producer would never end). Loops, {@code case}, groups, subshells, functions, here-documents,
 * backquotes, arithmetic {@code $((...))} and bash's {@code &>} are syntax errors with exit 2,
 * so a step that sends them fails in the lab instead of being half-understood; a line that does
 * not parse runs nothing. Unknown programs exit 127. A pty merges stderr into stdout but does
 * not echo input or translate newlines. A background job's unredirected output is dropped once
 * the exec channel has closed (a real sshd would hold the channel open).
 */
package org.upgradeflow.lab;
