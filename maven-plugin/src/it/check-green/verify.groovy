// Green: check ran at verify by default (after the jar was built) and found every site in the baseline.
def log = new File(basedir, 'build.log').text
def jar = log.indexOf('--- jar:3.4.2:jar (default-jar) @ check-green ---')
def check = log.indexOf('--- sunset:' + sunsetVersion + ':check (default) @ check-green ---')
assert jar >= 0 && check > jar : 'sunset:check runs at verify, after package'
assert log =~ /\[INFO\] no new call sites: all 3 are in \S*check-green\/sunset-baseline\.json/
assert log.contains('BUILD SUCCESS')
return true
