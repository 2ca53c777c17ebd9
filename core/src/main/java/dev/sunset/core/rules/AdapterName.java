package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The adapter method a class rule's {@code members:} names for one legacy member, where it differs from the default
 * name ({@code docs/schemas/sunset-rules.schema.json}): a method's or constructor's counterpart, or a field's getter
 * and setter.
 */
@API(status = INTERNAL, since = "0.1.0")
public sealed interface AdapterName {
  /**
   * The counterpart of a method or constructor: {@code "describe()": describeContext}.
   *
   * @param name the adapter method's name
   */
  record Method(String name) implements AdapterName {}

  /**
   * The counterparts of a field: {@code "websocketManager": {get: managerOf, set: useManager}}.
   *
   * @param getter the getter's name, or null for the default ({@code get} and the field's name capitalised)
   * @param setter the setter's name, or null for the default ({@code set} and the field's name capitalised)
   */
  record Field(String getter, String setter) implements AdapterName {}
}
