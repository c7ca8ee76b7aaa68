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
 *       start); {@code curl} on management servers reaching the local API only after the
 *       start-up delay ({@code upgradeflow.lab.timings.management-start-up}) since the server's last
 *       start and not during the database upgrade (before: connection refused, {@code 000});
 *       {@code cloudstack-sysvmadm} (getopts {@code srnvad:u:p:m:t:l:z:}, unknown flags
 *       print {@code illegal option -- X}; running system VMs from {@code vm_instance}; every VM
 *       fails unless {@code integration.api.port} is 8096 and a management server started after
 *       it was set; lines to the {@code -l} file or stdout; restarts in the truth;
 *       {@code -p}/{@code --password=} values masked in the journal); the 4.3 KVM agent's start
 *       checks of {@code agent.properties}/{@code environment.properties} and, on RHEL, the old
 *       agent's {@code jsvc} that survives the package upgrade until {@code killall jsvc}.
 *       A KVM host's {@code host} row follows its agent (stop, {@code killall jsvc}, reboot:
 *       Disconnected; start: Up after the connect delay; fault "stays Disconnected").
 *       A started 4.3 template download ({@code TemplateDownloads}) rises to DOWNLOADED on its
 *       own over {@code timings.template-download} when set, else only the lab API moves it.
 *       Durations come from {@code upgradeflow.lab.timings} ({@code LabTimings}, per estate
 *       {@code CloudStackLab#setTimings} for the CloudStack ones) scaled by the lab time. The
 *       {@code -d -u -p -m -t -n -v} flags of sysvmadm are accepted but not acted on.</li>
 *   <li>Packaging details ({@code lab.behaviour}): {@code apt-get} upgrading or installing
 *       {@code cloudstack-agent} asks dpkg's conffile questions for the agent's changed
 *       {@code agent.properties}, {@code environment.properties}, {@code log4j-cloud.xml}
 *       ({@code DpkgConffiles}: Y/I replace, N/O/Enter keep with {@code .dpkg-dist} beside,
 *       end of input fails with "EOF on stdin at conffile prompt" and installs nothing;
 *       {@code -o Dpkg::Options::=--force-confold|--force-confnew|--force-confdef} answer them);
 *       the 4.x {@code cloudstack-management} package brings {@code componentContext.xml} (4.3's
 *       authenticator lists) and {@code cloudstack-common} the XenServer scripts directory
 *       ({@code PackageFiles}); {@code chmod} with octal modes. CloudStack estates' inventory
 *       names the lab's artifacts directory ({@code <lab dir>/artifacts}, with a
 *       {@code vhd-util} stand-in).</li>
 *   <li>{@code lab.xen}: {@link org.upgradeflow.lab.xen.XenPool}, the XenServer pool of a
 *       CloudStack estate ({@code xen1} master, {@code xen2}, {@code xen3}; master-ness read
 *       from {@code /etc/xensource/pool.conf}, the XenServer version from
 *       {@code /etc/xensource-inventory}: 6.0.2 on the 3.0.x/2.2.14 estates, 6.2.0 on 4.x) shared
 *       by its hosts. Members and guests are the estate's {@code cloud} rows of its XenServer
 *       cluster ({@code host}, {@code vm_instance}: names, uuids, which member), both made from
 *       {@link org.upgradeflow.lab.estate.XenServerCluster}; without a database the plan itself.
 *       A migration writes {@code vm_instance.host_id} back. {@code xe host-list|vm-list|patch-list|pbd-list}
 *       (field filters, {@code --minimal}), {@code patch-upload file-name=} (master only, the file
 *       must be on the host, the name must be a hotfix's: XS602E003 is for 6.0.2),
 *       {@code vm-migrate host= vm=} and {@code host-evacuate uuid=} (user VMs need the PV drivers
 *       {@code cloud-prepare-upgrade.sh}/{@code make_migratable.sh} fake), {@code patch-apply
 *       host-uuid= uuid=} and {@code patch-pool-apply uuid=} (prechecks: the XenServer version,
 *       then no guest resident), {@code pbd-plug|pbd-unplug uuid=} (a reboot leaves the NFS
 *       primary storage unplugged); slaves forward everything but the upload. Journaled; xapi's
 *       error texts; truth key {@code xenPool}; reset rebuilds it. {@code cloud-clean-vlan.sh}
 *       only journals; supplemental packs and {@code xe-switch-network-backend} are not
 *       modelled.</li>
 *   <li>{@code lab.db}: the estates' MariaDB servers, and on the database host
 *       {@link org.upgradeflow.lab.db.DatabaseHostClients}: {@code mysqldump}/{@code mysql} run the
 *       server distribution's real clients (option file and {@code --result-file} carried across
 *       from the in-memory file system), so backups are real dumps and restores real.</li>
 * </ul>
 *
 * <h2>The shell subset</h2>
 * What {@code bash -c} does with the lines UpgradeFlow sends (see
 * {@code org.upgradeflow.remote.DetachedJobs}), with POSIX semantics:
 * <ul>
 *   <li>Lists ({@code ; & newline}), {@code && ||}, {@code !}, pipelines, and the compound
 *       command {@code if list; then list; [elif list; then list;]... [else list;] fi}, nestable,
 *       with redirections after {@code fi}; its status is the branch's, or 0 when no branch ran;
 *       brace groups {@code { list; }} with redirections, run in the current shell.
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
 * <h2>The Usage Meter appliance ({@code lab.usagemeter})</h2>
 * Estates {@code lab-um-42/44/46} hold one Photon host {@code um1} (root/vmware) with the RPM
 * {@code vmware-cloudusagemetering} at 4.2.0.0/4.4.0.0/4.6.0.0; UpgradeFlow reads it with
 * {@link org.upgradeflow.lab.usagemeter.UsageMeterAppliance#VERSION_COMMAND}
 * ({@code rpm -q --qf '%{VERSION}' vmware-cloudusagemetering}). Behaviours (all state is host
 * state, so a reset undoes it):
 * <ul>
 *   <li>sshd is a service: on a Photon host with an {@code sshd} service, a stopped sshd closes
 *       NEW connections before the SSH banner (open sessions stay). At boot only enabled services
 *       run, so reboot with {@code systemctl enable sshd} first, or use the console action.</li>
 *   <li>{@code bash scripts/status.sh} (from {@code /opt/vmware/cloudusagemetering}) prints
 *       {@code Running} (exit 0) when {@code tomcat} and {@code postgresql} run, else
 *       {@code Offline} (exit 1).</li>
 *   <li>4.3: {@code bash ums-system-upgrade.shar} in the install dir upgrades 4.1.x/4.2 to
 *       4.3.0.0 after a scaled 5 minutes: the old tree moves to {@code cloudusagemetering-old},
 *       the log is {@code var/logs/inplaceupgradeum-<yyyyddMM>-<build>}; refused when already
 *       at 4.3 or later.</li>
 *   <li>ISO: {@code mount [-o loop] /dev/cdrom|<iso path> DIR} (CD-ROM needs the console action
 *       "connect CD-ROM"; an uploaded file must be named {@code Usage_Meter_Agent-<VERSION>-<BUILD>_Upgrade.iso}
 *       or {@code Usage_Meter_Agent-<BUILD>_Upgrade.iso} = 4.5) shows {@code DIR/upgrade-um.sh};
 *       {@code mount}, {@code mountpoint [-q]}, {@code umount}; exit 32 for no medium, already
 *       mounted, missing mount point; loop mounts end with a reboot. {@code bash
 *       /root/upgrade/upgrade-um.sh} refuses when already at (or past) the ISO's version or below
 *       its minimum (4.7: 4.3), asks the snapshot question ({@code n} aborts without change), for
 *       4.7 warns about a hostname other than the certificate's, upgrades after a scaled 10
 *       minutes, writes {@code /opt/vmware/var/log/um-upgrade.log} (4.5) or
 *       {@code /opt/vmware/var/logs/um-upgrade.log} (4.7), and for 4.7 asks the reboot question
 *       ({@code y} reboots). Every answer is journalled once (source {@code tty}).</li>
 *   <li>{@code sha1sum -c} also reads BSD-tag lines ({@code SHA1(name)= hex}) as in a 4.7
 *       {@code .mf}.</li>
 *   <li>Console/vSphere actions ({@link org.upgradeflow.lab.usagemeter.UsageMeterConsole}, lab API
 *       {@code /lab/estates/{id}/usage-meter/...}): {@code POST cdrom?iso=NAME}, {@code DELETE
 *       cdrom}, {@code POST sshd/enable}, {@code POST offline} (the upgrade failed: the
 *       application is stopped and disabled), {@code POST hostname?hostname=NAME}.</li>
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
