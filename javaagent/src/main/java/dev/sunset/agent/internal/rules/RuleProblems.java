package dev.sunset.agent.internal.rules;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.AppLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.core.rules.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules' problems: each printed once however often it is found, written to the application's log when {@code log=}
 * asks, and told to the problem listener (JFR). Belongs to one runtime's rules.
 */
public final class RuleProblems {
  /** Told of each problem when its line is printed, and of each problem of a refused edit; see {@link #report}. */
  public interface ProblemListener {
    /**
     * A problem was found; {@code editRefused}: it is one of the problems for which an edit of the rules file was
     * refused (the rules in force stay), else its line was just printed. Must be quick and must not throw.
     */
    void onProblem(Problem problem, boolean editRefused);
  }

  private volatile ProblemListener problemListener;

  /** Tells {@code listener} of every problem reported from now on (one listener; null: none). */
  public void onProblems(ProblemListener listener) {
    problemListener = listener;
  }

  /** Prints a problem's line, once however often it is found, and tells the problem listener when it prints. */
  public void report(Problem problem) {
    String line = problem.describe();
    if (AgentLog.once(LogTopic.PROBLEM, line, line)) {
      tell(problem, false);
      AppLog.ruleProblem(appLine(line, problem, false));
    }
  }

  /** Tells the problem listener of the problems an edit of the rules file was refused for (its line says so). */
  public void editRefused(List<Problem> problems) {
    for (Problem p : problems) {
      tell(p, true);
      AppLog.ruleProblem(appLine("rules edit refused: " + p.describe(), p, true));
    }
  }

  /** A problem's line for the application's log: the line, and where it is as key-value pairs. */
  private static AppLog.Line appLine(String message, Problem problem, boolean editRefused) {
    List<AppLog.KeyValue> pairs = new ArrayList<>(5);
    pairs.add(new AppLog.KeyValue("problem", problem.kind().name().toLowerCase(Locale.ROOT)));
    pairs.add(new AppLog.KeyValue("file", problem.source()));
    if (problem.line() > 0) {
      pairs.add(new AppLog.KeyValue("line", String.valueOf(problem.line())));
    }
    if (problem.ruleId() != null) {
      pairs.add(new AppLog.KeyValue("rule", problem.ruleId()));
    }
    if (editRefused) {
      pairs.add(new AppLog.KeyValue("editRefused", "true"));
    }
    return new AppLog.Line(message, pairs);
  }

  private void tell(Problem problem, boolean editRefused) {
    ProblemListener listener = problemListener;
    if (listener == null) {
      return;
    }
    try {
      listener.onProblem(problem, editRefused);
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.PROBLEM_LISTENER, "a rule-problem listener failed", t);
    }
  }
}
