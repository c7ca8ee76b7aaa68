/**
 * vCloud Usage Meter upgrades (facts/usage-meter.md): the entry {@code UsageMeterUpgrade} and the
 * paths {@code UsageMeterTo43} (shar), {@code UsageMeterTo45} (ISO with checksum file) and
 * {@code UsageMeterTo47} (ISO with manifest); both ISO paths call {@code UsageMeterMountIso} (the
 * verified ISO uploaded, or from the CD-ROM behind Gate_ConnectCdrom, loop-mounted on /root/upgrade).
 *
 * <ul>
 *   <li>{@link org.upgradeflow.usagemeter.UsageMeterPath}: which procedure, and what they refuse.</li>
 *   <li>{@code ArtifactStore}, {@code ArtifactSource}, {@code ArtifactNames}: where the upgrade
 *       files come from (a directory or an http(s) URL) and which files a path needs;
 *       {@code ArtifactDownloads}, {@code ArtifactDownloader}: a URL's files downloaded into the
 *       cache on a service thread, polled by {@code fetchUpgradeArtifacts} and a timer;
 *       {@link org.upgradeflow.usagemeter.ArtifactVerifier}, {@code UpgradeArtifactChecks}: the
 *       files verified in the service before the appliance is touched.</li>
 *   <li>{@code Appliance}: every command sent to the appliance, from fixed templates, and the
 *       reads that make each step check-then-act; {@code sha1sum /dev/cdrom} as a detached job
 *       (one per connect attempt), polled by {@code mountUpgradeIso} and a timer.</li>
 *   <li>{@code ApplianceUploads}: the ISO and the shar uploaded on a service thread (temp name,
 *       renamed once the appliance's digest is the verified one), polled by {@code uploadUpgradeIso}
 *       / {@code uploadShar} and a timer.</li>
 *   <li>{@code UpgradeScript}, {@code UpgradeScriptSessions}: upgrade-um.sh over a PTY held by
 *       the service outside the job executor, polled by short jobs, never started twice (session,
 *       marker on the appliance, installed version). {@code SharUpgrade}: the 4.3 shar as a
 *       detached job.</li>
 *   <li>{@code *Step}: the delegates ({@code <verb><Object>} beans); {@code *Evidence}: the
 *       gates' evidence (EnableSsh, ConfirmSnapshot, ConnectCdrom, WrongHostname,
 *       RestoreSnapshot, AcceptCertificates, FipsCertificates).</li>
 * </ul>
 */
package org.upgradeflow.usagemeter;
