// Red, then green. The first build fails naming the rule that resolves nowhere, where it is written, and what to
// do; the shim's own rules resolve against the provided dependency, so only the typo is named. The second build,
// with allowUnresolved, still names it (a warning) and checks the other rules: every site is in the baseline.
def log = new File(basedir, 'build.log').text
def rules = new File(basedir, 'sunset-rules.yaml').canonicalPath
def named = rules + ":3: rule 'ws-factory-typo': legacy com.example.ws.WebSocketManagerFactroy#createManager(" +
    "com.example.ws.UserExecutionContext) resolved nowhere: no jar or folder scanned or read to resolve against " +
    "holds com.example.ws.WebSocketManagerFactroy; add the library that holds it as a dependency of the project " +
    "(provided is enough)"
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal dev.sunset:sunset-maven-plugin:') }
assert failures.size() == 1 : failures
assert failures[0].contains(':check (default) on project check-unresolved-rule: ' + named +
    '; or set allowUnresolved (sunset.allowUnresolved) to check the other rules anyway -> [Help 1]') : failures[0]
assert log.readLines().findAll { it.contains('resolved nowhere') }.size() == 2 : 'named once per build'
assert log.contains('[WARNING] ' + named)
assert log =~ /\[INFO\] no new call sites: all 2 are in \S*check-unresolved-rule\/sunset-baseline\.json/
assert log.contains('BUILD SUCCESS')
return true
