// Red: each use of the class the baseline does not list is named with its use and member, on a line of its own, and
// only those: capacity() is new though size() on the same line is tolerated, and the instanceof is a type reference.
def log = new File(basedir, 'build.log').text
def sites = log.readLines().findAll { it ==~ /\[ERROR\] \S+\.java:\d+ \S+ \S+ \(.*\)/ }
assert sites == [
    '[ERROR] Inventory.java:10 com.acme.Inventory.count vector (call capacity())',
    '[ERROR] Inventory.java:14 com.acme.Inventory.isLegacy vector (type-reference <class>)'] : sites
assert log =~ /\[ERROR\] Failed to execute goal dev\.sunset:sunset-maven-plugin:\S+:check \(default\) on project check-class-rule: 2 new call sites not in \S*check-class-rule\/sunset-baseline\.json \(listed above\)/
return true
