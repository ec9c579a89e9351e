import { cpus } from 'node:os';
import { run } from './exec.js';
import { parseLinks, parseRoutes, parseRules, type ObservedNamespace } from './observe.js';
import { PERL_NETNS_PRELUDE } from './perl-netns.js';

/**
 * Reads the links, IPv4 addresses, routes and rules of many namespaces in ONE process: for
 * each namespace name on stdin it enters the namespace (setns) and sends the four netlink
 * dumps `ip -d -j link/addr/route show table all/rule` would. One `ip -batch` per
 * namespace costs ~5 ms of process start-up; this costs a fraction of a millisecond, which
 * is what lets the regular periodic pass look inside every instance namespace instead of
 * trusting it until the next deep pass.
 *
 * The output is turned into the same objects `ip -j` prints and parsed by the same
 * functions (`parseLinks`, `parseRoutes`, `parseRules`), so both readers see a namespace
 * identically (test/dataplane checks that they agree). Perl for the reason nsconf.ts gives.
 *
 * It also reads the namespace's `/etc/netns/NAME/resolv.conf`, so that an unchanged one
 * costs the driver nothing.
 *
 * Per namespace: `ns NAME`, then lines `L IFNAME KIND UP MASTER MAC GSO4 GRO4`, `A IFNAME ADDR/LEN`,
 * `R TABLE TYPE DST VIA DEV PROTO`, `U PRIO SRC TABLE`, `F HEX-OF-RESOLV.CONF` (`-` for
 * none), then `end NAME`; or `err NAME WHAT` when it could not be read.
 */
const SCRIPT = String.raw`
${PERL_NETNS_PRELUDE}
my $seq = 0;
my %TABLE = (253 => 'default', 254 => 'main', 255 => 'local');
my %TYPE = (1 => 'unicast', 2 => 'local', 3 => 'broadcast', 4 => 'anycast', 5 => 'multicast', 6 => 'blackhole', 7 => 'unreachable', 8 => 'prohibit', 9 => 'throw', 10 => 'nat');
# Only the attribute types asked for are copied out (link messages carry kilobytes of others).
sub attrs { my ($buf, $off, $want) = @_; my %a; my $end = length($buf);
  while ($off + 4 <= $end) { my ($len, $type) = unpack("x$off SS", $buf); last if $len < 4;
    $type &= 0x3fff; $a{$type} = substr($buf, $off + 4, $len - 4) if $want->{$type}; $off += ($len + 3) & ~3; }
  return \%a; }
my %LINK = map { $_ => 1 } (1, 3, 10, 18, 63, 64); my %KIND = (1 => 1); my %ADDR = (1 => 1, 2 => 1);
my %ROUTE = map { $_ => 1 } (1, 4, 5, 15); my %RULE = map { $_ => 1 } (2, 6, 15);
sub str { my ($v) = @_; return '-' unless defined $v; $v =~ s/\0.*//s; return length($v) ? $v : '-'; }
sub ip4 { my ($v) = @_; return defined $v && length($v) == 4 ? inet_ntoa($v) : undef; }
sub table { my ($t) = @_; return '-' unless $t; return $TABLE{$t} // $t; }
sub nldump { my ($s, $type, $body) = @_;
  send($s, pack('LSSLL', 16 + length($body), $type, 0x301, ++$seq, 0) . $body, 0) or die "send\n"; my @out;
  while (1) { my $buf = ''; defined(recv($s, $buf, 65536, 0)) or die "recv\n"; die "eof\n" unless length($buf);
    my $off = 0; my $end = length($buf);
    while ($off + 16 <= $end) { my ($len, $t, undef, $sq) = unpack("x$off LSSL", $buf); last if $len < 16;
      if ($sq == $seq) { return \@out if $t == 3; die "nlerr " . unpack("x$off x16 l", $buf) . "\n" if $t == 2; push @out, [$t, substr($buf, $off + 16, $len - 16)]; }
      $off += ($len + 3) & ~3; } } }
my @out;
while (my $ns = <STDIN>) {
  chomp $ns; next unless length $ns;
  my @lines = eval {
    enter_netns($ns);
    socket(my $s, 16, SOCK_RAW, 0) or die "socket\n";
    my (@l, %name);
    for my $m (@{nldump($s, 18, pack('CxSlLL', 0, 0, 0, 0, 0) . pack('SSL', 8, 29, 8))}) { next unless $m->[0] == 16;
      my (undef, undef, $idx, $flags) = unpack('CxSlL', $m->[1]); my $a = attrs($m->[1], 16, \%LINK);
      my $n = str($a->{3}); $name{$idx} = $n;
      my $kind = defined $a->{18} ? str(attrs($a->{18}, 0, \%KIND)->{1}) : '-';
      my $mac = defined $a->{1} && length($a->{1}) ? join(':', map { sprintf('%02x', $_) } unpack('C*', $a->{1})) : '-';
      my $gso = defined $a->{63} ? unpack('L', $a->{63}) : '-'; my $gro = defined $a->{64} ? unpack('L', $a->{64}) : '-';
      push @l, [$n, $kind, $flags & 1 ? 1 : 0, defined $a->{10} ? unpack('L', $a->{10}) : 0, $mac, $gso, $gro]; }
    my @r = map { "L $_->[0] $_->[1] $_->[2] " . ($_->[3] ? $name{$_->[3]} // '-' : '-') . " $_->[4] $_->[5] $_->[6]" } @l;
    for my $m (@{nldump($s, 22, pack('CCCCL', 2, 0, 0, 0, 0))}) { next unless $m->[0] == 20;
      my ($fam, $plen, undef, undef, $idx) = unpack('CCCCL', $m->[1]); next unless $fam == 2; my $a = attrs($m->[1], 8, \%ADDR);
      my $ip = ip4($a->{2}) // ip4($a->{1}); push @r, "A " . ($name{$idx} // '-') . " $ip/$plen" if defined $ip; }
    for my $m (@{nldump($s, 26, pack('CCCCCCCCL', 2, 0, 0, 0, 0, 0, 0, 0, 0))}) { next unless $m->[0] == 24;
      my ($fam, $dlen, undef, undef, $tb, $proto, undef, $type, $fl) = unpack('CCCCCCCCL', $m->[1]); next unless $fam == 2 && !($fl & 0x200);
      next if $proto == 2 || $tb == 255; # connected and local routes: the kernel's, never ours (parseRoutes skips them too)
      my $a = attrs($m->[1], 12, \%ROUTE); $tb = unpack('L', $a->{15}) if defined $a->{15};
      my $dst = $dlen == 0 ? 'default' : (ip4($a->{1}) // '0.0.0.0') . "/$dlen";
      my $dev = defined $a->{4} ? $name{unpack('L', $a->{4})} // '-' : '-';
      push @r, join(' ', 'R', table($tb), $TYPE{$type} // $type, $dst, ip4($a->{5}) // '-', $dev, $proto == 2 ? 'kernel' : $proto); }
    for my $m (@{nldump($s, 34, pack('CCCCCCCCL', 2, 0, 0, 0, 0, 0, 0, 0, 0))}) { next unless $m->[0] == 32;
      my ($fam, undef, $slen, undef, $tb) = unpack('CCCCC', $m->[1]); next unless $fam == 2;
      my $a = attrs($m->[1], 12, \%RULE); $tb = unpack('L', $a->{15}) if defined $a->{15};
      my $src = $slen ? (ip4($a->{2}) // '0.0.0.0') . "/$slen" : '-';
      push @r, join(' ', 'U', defined $a->{6} ? unpack('L', $a->{6}) : 0, $src, table($tb)); }
    close $s;
    if (open(my $rc, '<', "/etc/netns/$ns/resolv.conf")) { local $/; my $text = <$rc>; close $rc; push @r, 'F ' . unpack('H*', $text // ''); } else { push @r, 'F -'; }
    @r;
  };
  if ($@) { my $e = $@; chomp $e; push @out, "err $ns $e"; } else { push @out, "ns $ns", @lines, "end $ns"; }
}
print join("\n", @out), "\n";
`;

type JsonObj = Record<string, unknown>;

/**
 * The namespaces' links, addresses, routes and rules (no nft digest or sysctls), by name.
 * A namespace that could not be read (it vanished, or the helper failed) is absent from
 * the result: the caller reads it another way.
 */
export async function readNamespaces(list: readonly string[]): Promise<Map<string, ObservedNamespace>> {
  const out = new Map<string, ObservedNamespace>();
  if (list.length === 0) return out;
  // The helper is CPU-bound: one per core for a long list (a periodic pass holds up route changes).
  const chunks = Math.max(1, Math.min(cpus().length, Math.floor(list.length / 100)));
  const size = Math.ceil(list.length / chunks);
  const results = await Promise.all(Array.from({ length: chunks }, (_, i) =>
    run('perl', ['-MPOSIX', '-e', SCRIPT], `${list.slice(i * size, (i + 1) * size).join('\n')}\n`)));
  for (const res of results) parseInto(out, res.stdout);
  return out;
}

function parseInto(out: Map<string, ObservedNamespace>, stdout: string): void {
  let current: { name: string; links: JsonObj[]; addrs: JsonObj[]; routes: JsonObj[]; rules: JsonObj[]; resolvConf?: string | null } | null = null;
  const opt = (v: string | undefined) => (v === undefined || v === '-' ? undefined : v);
  for (const line of stdout.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'ns') {
      current = { name: f[1]!, links: [], addrs: [], routes: [], rules: [] };
    } else if (f[0] === 'end' && current && f[1] === current.name) {
      out.set(current.name, {
        name: current.name, links: parseLinks(current.links, current.addrs), routes: parseRoutes(current.routes), rules: parseRules(current.rules),
        ...(current.resolvConf !== undefined ? { resolvConf: current.resolvConf } : {}),
      });
      current = null;
    } else if (!current) {
      continue;
    } else if (f[0] === 'L') {
      const kind = opt(f[2]);
      const [gso, gro] = [opt(f[6]), opt(f[7])];
      current.links.push({
        ifname: f[1], flags: f[3] === '1' ? ['UP'] : [], master: opt(f[4]), address: opt(f[5]), ...(kind ? { linkinfo: { info_kind: kind } } : {}),
        ...(gso !== undefined ? { gso_ipv4_max_size: Number(gso) } : {}), ...(gro !== undefined ? { gro_ipv4_max_size: Number(gro) } : {}),
      });
    } else if (f[0] === 'A') {
      const [local, prefixlen] = f[2]!.split('/');
      current.addrs.push({ ifname: f[1], addr_info: [{ family: 'inet', local, prefixlen: Number(prefixlen) }] });
    } else if (f[0] === 'R') {
      current.routes.push({ table: f[1], type: f[2], dst: f[3], gateway: opt(f[4]), dev: opt(f[5]), protocol: f[6] });
    } else if (f[0] === 'F') {
      current.resolvConf = f[1] === '-' ? null : Buffer.from(f[1] ?? '', 'hex').toString('utf8');
    } else if (f[0] === 'U') {
      const [src, srclen] = (opt(f[2]) ?? 'all').split('/');
      current.rules.push({ priority: Number(f[1]), src, srclen: srclen === undefined ? undefined : Number(srclen), table: opt(f[3]) });
    }
  }
}
