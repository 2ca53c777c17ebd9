package com.acme;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GreeterTest {
  @Test
  @Order(1)
  void greetsOnce() {
    new Greeter().greet("alice");
  }

  @Test
  @Order(2)
  void greetsTwice() {
    new Greeter().greet("bob");
    new Greeter().greet("bob");
  }

  @Test
  @Order(3)
  void welcomesANewcomer() {
    new Newcomer().arrive("carol");
  }
}
