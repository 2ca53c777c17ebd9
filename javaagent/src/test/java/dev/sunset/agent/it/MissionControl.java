package dev.sunset.agent.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * A recording as JDK Mission Control reads it: through its own parser ({@code org.openjdk.jmc:flightrecorder}, the
 * library JMC's views are built on), not the JDK's {@code jdk.jfr.consumer}.
 */
final class MissionControl {
  private MissionControl() {}

  /**
   * One event as JMC's parser gives it: its type's identifier and each attribute JMC knows for that type, by its
   * identifier (the event's field name), with JMC's value (a {@code String}, an {@link IQuantity} for times and most
   * numbers, a {@code Boolean}, an {@code IMCStackTrace}, ...).
   */
  record Event(String type, Map<String, Object> fields) {
    String string(String field) {
      return (String) fields.get(field);
    }

    /** A number field: JMC gives an {@code int} as an {@link IQuantity}, a plain {@code long} as a {@code Long}. */
    long number(String field) {
      Object value = fields.get(field);
      return value instanceof IQuantity q ? q.longValue() : ((Number) value).longValue();
    }
  }

  /** The events of the recording whose type identifier starts with {@code prefix}, oldest first. */
  static List<Event> events(Path recording, String prefix) throws Exception {
    IItemCollection items = JfrLoaderToolkit.loadEvents(recording.toFile());
    List<Event> events = new ArrayList<>();
    for (IItemIterable iterable : items) {
      IType<IItem> type = iterable.getType();
      if (!type.getIdentifier().startsWith(prefix)) {
        continue;
      }
      for (IItem item : iterable) {
        Map<String, Object> fields = new TreeMap<>();
        for (IAccessorKey<?> key : type.getAccessorKeys().keySet()) {
          Object value = member(type, key, item);
          if (value != null) {
            fields.put(key.getIdentifier(), value);
          }
        }
        events.add(new Event(type.getIdentifier(), fields));
      }
    }
    events.sort(Comparator.comparing(e -> (IQuantity) e.fields().get("startTime")));
    return events;
  }

  private static <M> M member(IType<IItem> type, IAccessorKey<M> key, IItem item) {
    IMemberAccessor<M, IItem> accessor = type.getAccessor(key);
    return accessor == null ? null : accessor.getMember(item);
  }
}
