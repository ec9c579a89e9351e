/**
 * The start of every Perl helper that works inside network namespaces (nsconf.ts,
 * nlread.ts, offload.ts): strict mode, Socket, and `enter_netns(NAME)`, which joins the
 * named namespace with setns(2) through `syscall`, since core Perl has no setns and the
 * helpers must run on a bare Debian (perl-base) without modules. The syscall numbers are
 * the kernel's for each architecture; the helpers are started with `perl -MPOSIX`.
 */
export const PERL_NETNS_PRELUDE = String.raw`
use strict; use warnings; use Socket;
my %SETNS = (x86_64 => 308, aarch64 => 268, armv7l => 375, riscv64 => 268, s390x => 339, ppc64le => 350);
my $arch = (POSIX::uname())[4]; my $nr = $SETNS{$arch} or die "no setns number for $arch\n";
sub enter_netns { my ($ns) = @_;
  open(my $fh, '<', "/run/netns/$ns") or die "open\n";
  syscall($nr, fileno($fh), 0x40000000) == 0 or die "setns\n"; close $fh; }
`;
