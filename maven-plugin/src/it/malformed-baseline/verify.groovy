// The malformed baseline is one line: the failure names the file and says what is wrong.
def log = new File(basedir, 'build.log').text
def lines = log.readLines().findAll { it.contains('sunset-baseline.json') }
assert lines.size() == 1 : lines
assert lines[0] ==~ /\[ERROR\] Failed to execute goal dev\.sunset:sunset-maven-plugin:\S+:check \(default\) on project malformed-baseline: \S*malformed-baseline\/sunset-baseline\.json: is not JSON( at line \d+, column \d+)?: [^\[]* -> \[Help 1\]/ : lines[0]
return true
