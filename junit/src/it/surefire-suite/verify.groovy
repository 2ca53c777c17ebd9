// Red, for one test only: Surefire ran the suite under the agent; sunset-junit attributed every call (the tests file
// adds up to the agent's report) and failed welcomesANewcomer, whose sites the baseline does not list.
import groovy.json.JsonSlurper
import javax.xml.parsers.DocumentBuilderFactory

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 3, Failures: 1, Errors: 0, Skipped: 0') : 'Surefire summary'

def xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
    .parse(new File(basedir, 'target/surefire-reports/TEST-com.acme.GreeterTest.xml'))
def cases = xml.getElementsByTagName('testcase')
def failed = []
def message = null
for (int i = 0; i < cases.length; i++) {
  def failures = cases.item(i).getElementsByTagName('failure')
  if (failures.length > 0) {
    failed << cases.item(i).getAttribute('name')
    message = failures.item(0).getAttribute('message')
  }
}
assert failed == ['welcomesANewcomer'] : failed
assert message.contains('reached a legacy call site not in the baseline ') : message
assert message =~ /Newcomer\.java:11 com\.acme\.Newcomer\.arrive ws-factory-create-websocket-manager \(rule 'ws-factory-create-websocket-manager'\)/ : message
assert message =~ /Newcomer\.java:12 com\.acme\.Newcomer\.arrive ws-manager-send-event \(rule 'ws-manager-send-event'\)/ : message

def tests = new JsonSlurper().parse(new File(basedir, 'target/sunset-tests.json'))
assert tests.format == 'sunset-tests/1'
def calls = { name -> tests.tests.find { it.method == name }.callSites.collectEntries { [(it.rule): it.count] } }
assert calls('greetsOnce') == ['ws-factory-create-websocket-manager': 1, 'ws-manager-send-event': 1]
assert calls('greetsTwice') == ['ws-factory-create-websocket-manager': 2, 'ws-manager-send-event': 2]
def newcomer = tests.tests.find { it.method == 'welcomesANewcomer' }
assert newcomer.callSites.collect { it['class'] }.unique() == ['com.acme.Newcomer']
assert newcomer.callSites*.notInBaseline.unique() == [true]
assert tests.tests.find { it.method == 'greetsOnce' }.callSites*.notInBaseline.unique() == [null]

def report = new JsonSlurper().parse(new File(basedir, 'target/sunset-report.json'))
def key = { s -> "${s.rule} ${s['class']}.${s.method}:${s.line}".toString() }
def attributed = [:].withDefault { 0L }
(tests.tests*.callSites.flatten() + tests.whileSeveralTestsRan + tests.outsideAnyTest).each {
  attributed[key(it)] += it.count
}
def counted = report.callSites.findAll { it.count > 0 }.collectEntries { [(key(it)): it.count as long] }
assert attributed == counted : "${attributed} != ${counted}"
return true
