#!/usr/bin/perl
# Differential oracle for dr::ZonedSchedule (tests/unit/dr/cron_differential_test.cc), built on Debian's
# Schedule::Cron::Events (libschedule-cron-events-perl), an independent cron implementation, and glibc's
# time zones (TZ environment variable + POSIX::tzset; the C++ side uses Howard Hinnant's date/tz).
# Input lines:  ZONE <TAB> EXPRESSION <TAB> YYYY-MM-DD HH:MM (a start wall time that exists once) <TAB> COUNT
# Output lines: the start instant, then the run instants (Unix seconds) after it, space-separated; or
#               "NEVER" when the module finds no valid time. Each scheduled wall time is mapped to the
#               earliest instant whose local wall reading is at or after it (the rule the C++ side claims);
#               equal instants (several wall times inside one DST gap) count once.
# Only syntax the module lacks is translated here: names, macros, and `*/n` for day-of-month and month
# (Set::Crontab steps those from 0, cron from 1).
use strict;
use warnings;
use POSIX qw(tzset);
use Time::Local qw(timegm_posix);
use Schedule::Cron::Events;

my %month = (jan => 1, feb => 2, mar => 3, apr => 4, may => 5, jun => 6, jul => 7, aug => 8, sep => 9,
             oct => 10, nov => 11, dec => 12);
my %weekday = (sun => 0, mon => 1, tue => 2, wed => 3, thu => 4, fri => 5, sat => 6);
my %macro = ('@hourly' => '0 * * * *', '@daily' => '0 0 * * *', '@midnight' => '0 0 * * *',
             '@weekly' => '0 0 * * 0', '@monthly' => '0 0 1 * *', '@yearly' => '0 0 1 1 *',
             '@annually' => '0 0 1 1 *');

sub translate {
  my ($expr) = @_;
  $expr =~ s/^\s+|\s+$//g;
  $expr = $macro{lc $expr} if exists $macro{lc $expr};
  my @f = split /\s+/, $expr;
  $f[3] =~ s/([a-z]{3})/$month{lc $1}/gie;
  $f[4] =~ s/([a-z]{3})/$weekday{lc $1}/gie;
  $f[2] =~ s/(^|,)\*\//${1}1-31\//g;
  $f[3] =~ s/(^|,)\*\//${1}1-12\//g;
  return join(' ', @f);
}

sub wallKey {
  my @t = localtime($_[0]);
  return sprintf('%04d%02d%02d%02d%02d%02d', $t[5] + 1900, $t[4] + 1, $t[3], $t[2], $t[1], $t[0]);
}

# The earliest instant whose local wall reading is >= the wall time (y, mo 1-12, d, h, mi).
sub resolve {
  my ($y, $mo, $d, $h, $mi) = @_;
  my $target = sprintf('%04d%02d%02d%02d%02d00', $y, $mo, $d, $h, $mi);
  my $naive = timegm_posix(0, $mi, $h, $d, $mo - 1, $y - 1900);
  my %offsets;
  for my $dt (-172800, -86400, 0, 86400, 172800) {
    my $e = $naive + $dt;
    $offsets{timegm_posix((localtime($e))[0 .. 5]) - $e} = 1;
  }
  my @exact = sort { $a <=> $b } grep { wallKey($_) eq $target } map { $naive - $_ } keys %offsets;
  return $exact[0] if @exact;
  # In a gap: the first instant at or after it, by bisection (wall time is monotonic around one gap).
  my ($lo, $hi) = ($naive - 172800, $naive + 172800);
  while ($lo < $hi) {
    my $mid = int(($lo + $hi) / 2);
    if (wallKey($mid) ge $target) { $hi = $mid } else { $lo = $mid + 1 }
  }
  return $lo;
}

$| = 1;
while (my $line = <STDIN>) {
  chomp $line;
  my ($zone, $expr, $start, $count) = split /\t/, $line;
  $ENV{TZ} = $zone;
  tzset();
  my ($y, $mo, $d, $h, $mi) = $start =~ /^(\d+)-(\d+)-(\d+) (\d+):(\d+)$/ or die "bad start '$start'";
  my $startInstant = resolve($y, $mo, $d, $h, $mi);
  my @out = ($startInstant);
  my $ok = eval {
    my $cron = Schedule::Cron::Events->new(translate($expr) . ' true', Date => [0, $mi, $h, $d, $mo - 1, $y - 1900]);
    my $last = $startInstant;
    for (1 .. $count) {
      my (undef, $emi, $eh, $ed, $emo, $ey) = $cron->nextEvent;
      my $at = resolve($ey + 1900, $emo + 1, $ed, $eh, $emi);
      next if $at <= $last;
      push @out, $at;
      $last = $at;
    }
    1;
  };
  print $ok ? join(' ', @out) : 'NEVER', "\n";
}
