package dev.sunset.cli.internal.sarif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.internal.sarif.Sarif.ArtifactLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a call site's source file is placed: from the working folder (the repository) when a source root under it
 * holds the file, from a base of the root's own when the root is elsewhere, and as the package path otherwise; names
 * that are not file names stay one encoded segment and are never looked up.
 */
class SourceRootsTest {
  @TempDir
  Path repo;

  @TempDir
  Path elsewhere;

  @Test
  void aFileUnderARootInTheWorkingFolderIsItsPathFromTheWorkingFolderWithTheBaseSrcroot() throws Exception {
    Path roots = Files.createDirectories(repo.resolve("app/src/main/java"));
    Files.createDirectories(roots.resolve("com/acme")).resolve("Main.java").toFile().createNewFile();
    Path other = Files.createDirectories(repo.resolve("lib/src/main/java"));

    SourceRoots sources = SourceRoots.of(List.of(other, roots), repo);

    assertThat(sources.locate("com.acme.Main$Inner", "Main.java"))
        .isEqualTo(new ArtifactLocation("app/src/main/java/com/acme/Main.java", SourceRoots.SRCROOT));
    assertThat(sources.baseIds()).containsOnlyKeys(SourceRoots.SRCROOT);
    assertThat(sources.baseIds().get(SourceRoots.SRCROOT).uri()).isEqualTo(repo.toUri().toString()).endsWith("/");
  }

  @Test
  void aFileUnderARootElsewhereIsItsPackagePathFromThatRootsOwnBase() throws Exception {
    Files.createDirectories(elsewhere.resolve("com/acme")).resolve("Main.java").toFile().createNewFile();

    SourceRoots sources = SourceRoots.of(List.of(repo, elsewhere), repo);

    assertThat(sources.locate("com.acme.Main", "Main.java"))
        .isEqualTo(new ArtifactLocation("com/acme/Main.java", "SOURCE_ROOT_2"));
    assertThat(sources.baseIds().get("SOURCE_ROOT_2").uri()).isEqualTo(elsewhere.toUri().toString());
  }

  @Test
  void aFileFoundNowhereOrWithNoRootsIsThePackagePathAloneAndAClassWithoutSourceFileItsOutermostClass() {
    assertThat(SourceRoots.of(List.of(repo), repo).locate("com.acme.Gone", "Gone.java"))
        .isEqualTo(new ArtifactLocation("com/acme/Gone.java", null));
    assertThat(SourceRoots.none().locate("com.acme.Outer$Inner$1", null))
        .isEqualTo(new ArtifactLocation("com/acme/Outer.java", null));
    assertThat(SourceRoots.none().locate("Main", "Main.kt")).isEqualTo(new ArtifactLocation("Main.kt", null));
  }

  @Test
  void aNameThatIsNotAFileNameStaysOneEncodedSegmentAndIsNotLookedUp() throws Exception {
    Files.writeString(repo.resolve("secret.java"), "");
    SourceRoots sources = SourceRoots.of(List.of(Files.createDirectories(repo.resolve("src/a"))), repo);

    assertThat(sources.locate("a.B", "../../secret.java"))
        .isEqualTo(new ArtifactLocation("a/..%2F..%2Fsecret.java", null));
    assertThat(sources.locate("..x", "..")).isEqualTo(new ArtifactLocation(".//%2E%2E", null));
    assertThat(sources.locate("a b.C", "C d.java")).isEqualTo(new ArtifactLocation("a%20b/C%20d.java", null));
    assertThat(sources.locate("caf\u00e9.C", "C.java")).isEqualTo(new ArtifactLocation("caf%C3%A9/C.java", null));
    assertThat(sources.baseIds()).isEmpty();
  }
}
