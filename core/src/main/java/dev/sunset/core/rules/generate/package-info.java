/**
 * Rules written from the code: {@link dev.sunset.core.rules.generate.RulesFromDeprecated} reads the class files of
 * artifacts (through the scanner's archive walking and limits: jars, class folders, Spring Boot jars, WARs, nested
 * jars) with ASM and writes a rules file with one rule at {@code observe} for every method annotated
 * {@code @Deprecated(forRemoval = true)} (or every deprecated one), its replacement taken from Error Prone's
 * {@code @InlineMe} where that names a static method the agent would accept. Each rule is checked as the agent checks
 * it ({@link dev.sunset.core.resolve.RuleResolver} against the same class files) before it is written; what the rules
 * file cannot express yet (constructors, fields) is listed as comments. The file is read back with
 * {@link dev.sunset.core.rules.RulesReader} before it is handed out.
 */
package dev.sunset.core.rules.generate;
