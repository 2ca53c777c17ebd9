// The missing rules file is one line: the failure names the file and says what is wrong; nothing was scanned.
def log = new File(basedir, 'build.log').text
def expected = new File(basedir, 'missing-rules.yaml').canonicalPath + ': does not exist'
def lines = log.readLines().findAll { it.contains('missing-rules.yaml') }
assert lines.size() == 1 : lines
assert lines[0].startsWith('[ERROR] Failed to execute goal dev.sunset:sunset-maven-plugin:')
assert lines[0].contains('on project bad-rules-file: ' + expected + ' -> [Help 1]') : lines[0]
return true
