import groovy.json.JsonSlurper

// The inventory (sunset-scan/1) lists the project's own sites and its dependency's, with the shim's rules and the
// project's own rule in force.
def scan = new JsonSlurper().parse(new File(basedir, 'target/sunset-scan.json'))
assert scan.format == 'sunset-scan/1'
assert scan.rules*.id as Set == ['date-get-year', 'ws-factory-create-for-user', 'ws-factory-create-manager',
    'ws-factory-create-websocket-manager', 'ws-factory-get-factory', 'ws-manager-send-event',
    'ws-manager-send-tool-executing'] as Set
assert scan.rules.every { it.resolution == 'resolved' } : scan.rules
def own = scan.callSites.findAll { it['class'] == 'com.acme.Onboarding' }
assert own.collect { [it.rule, it.method, it.line, it.methodReference ?: false] } as Set == [
    ['ws-factory-create-websocket-manager', '<init>', 11, true], ['date-get-year', 'leapYear', 19, false]] as Set
assert own.every { it.codeSource.endsWith('scan-inventory/target/classes') } : own
def dependency = scan.callSites.findAll { it['class'].startsWith('dev.sunset.examples.chat.') }
// the chat app's jar calls every rule of the shim (the golden path's eleven sites, one more in DemoDriver's client)
assert dependency*.rule as Set == ['ws-factory-create-for-user', 'ws-factory-create-manager',
    'ws-factory-create-websocket-manager', 'ws-factory-get-factory', 'ws-manager-send-event',
    'ws-manager-send-tool-executing'] as Set
assert dependency.every { it.codeSource ==~ /.*sunset-chat-app-[^\/]+\.jar/ } : dependency*.codeSource
assert scan.callSites.size() == own.size() + dependency.size()
def log = new File(basedir, 'build.log').text
assert log =~ /\[INFO\] ${scan.callSites.size()} call sites of 7 rules in \d+ classes of \d+ jars and folders: \S*scan-inventory\/target\/sunset-scan\.json/
return true
