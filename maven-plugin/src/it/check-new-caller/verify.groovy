// Red: the build failed at verify, naming each new call site on a line of its own, and only those: the known site
// that moved within its method is tolerated (match=method).
def log = new File(basedir, 'build.log').text
def sites = log.readLines().findAll { it ==~ /\[ERROR\] \S+\.java:\d+ \S+ \S+/ }
assert sites == [
    '[ERROR] NewCaller.java:9 com.acme.NewCaller.start ws-factory-create-websocket-manager',
    '[ERROR] NewCaller.java:9 com.acme.NewCaller.start ws-manager-send-event'] : sites
assert log =~ /\[ERROR\] Failed to execute goal dev\.sunset:sunset-maven-plugin:\S+:check \(default\) on project check-new-caller: 2 new call sites not in \S*check-new-caller\/sunset-baseline\.json \(listed above\)/
return true
