package dev.sunset.rewrite;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.openrewrite.Column;
import org.openrewrite.DataTable;
import org.openrewrite.Recipe;

/**
 * The uses of a legacy constructor or field that a recipe of this module found and did not migrate, each with why:
 * an assignment whose value is used, a compound assignment, an anonymous subclass... They are left exactly as they
 * are; this table says where they are, so that someone fixes them by hand (rewrite-maven-plugin writes it with
 * {@code -Drewrite.exportDatatables=true}).
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class UsesLeftAlone extends DataTable<UsesLeftAlone.Row> {
  /** The table a recipe fills. */
  public UsesLeftAlone(Recipe recipe) {
    super(recipe, "Legacy uses left alone", "Uses of a legacy constructor or field the migration found and left as "
        + "they are, each with why; fix them by hand.");
  }

  /**
   * One use left alone.
   *
   * @param sourcePath the source file, relative to the project
   * @param legacyClass the class declaring the legacy member, such as {@code com.acme.Legacy}
   * @param member the legacy member as a class rule's {@code members:} names it: {@code <init>(int)} for a
   *     constructor, the bare name for a field
   * @param code the code of the use, as written
   * @param reason why it was left alone
   */
  public record Row(
      @Column(displayName = "Source path", description = "The source file, relative to the project.")
      String sourcePath,
      @Column(displayName = "Legacy class", description = "The class declaring the legacy member.")
      String legacyClass,
      @Column(displayName = "Legacy member", description = "The constructor, <init>(types), or the field's name.")
      String member,
      @Column(displayName = "Code", description = "The code of the use, as written.")
      String code,
      @Column(displayName = "Reason", description = "Why the use was left as it is.")
      String reason) {}
}
