package org.upgradeflow.cloudstack;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.InputSource;

/**
 * The 4.0 guide's componentContext.xml edit as a pure text change: in the
 * {@code userAuthenticators} adapter list the first entry is the default authenticator; "keep
 * MD5-hashed API passwords working" means PlainTextUserAuthenticator first. Only the order of
 * that list's {@code <ref bean="..."/>} lines changes; comments, layout and every other bean
 * (including {@code userPasswordEncoders}) stay as they are. The result must still parse.
 */
public final class ComponentContext {

  public static final String PATH = "/etc/cloudstack/management/componentContext.xml";
  public static final String PLAIN_TEXT = "PlainTextUserAuthenticator";

  private static final Pattern AUTHENTICATORS = Pattern.compile(
      "<bean\\s[^>]*id\\s*=\\s*\"userAuthenticators\"[^>]*>(.*?)</bean>", Pattern.DOTALL);
  private static final Pattern LIST = Pattern.compile("<list>(.*?)</list>", Pattern.DOTALL);
  private static final Pattern REF = Pattern.compile("(?m)^([ \\t]*)<ref\\s+bean\\s*=\\s*\"([A-Za-z0-9_.]+)\"\\s*/>[ \\t]*(\\r?\\n)");

  private ComponentContext() {
  }

  /** The authenticators of {@code userAuthenticators} in order; the first is the default. */
  public static List<String> authenticators(String xml) {
    Matcher list = list(xml);
    List<String> names = new ArrayList<>();
    Matcher ref = REF.matcher(list.group(1));
    while (ref.find()) {
      names.add(ref.group(2));
    }
    return names;
  }

  /** The file with PlainTextUserAuthenticator first; unchanged when it is first already. */
  public static String withPlainTextFirst(String xml) {
    Matcher list = list(xml);
    String body = list.group(1);
    List<String[]> refs = new ArrayList<>(); // indent, name, line ending
    Matcher ref = REF.matcher(body);
    int start = -1;
    int end = -1;
    while (ref.find()) {
      if (start < 0) {
        start = ref.start();
      }
      end = ref.end();
      refs.add(new String[] {ref.group(1), ref.group(2), ref.group(3)});
    }
    int plain = -1;
    for (int i = 0; i < refs.size(); i++) {
      if (refs.get(i)[1].equals(PLAIN_TEXT)) {
        plain = i;
      }
    }
    if (plain < 0) {
      throw new IllegalStateException("componentContext.xml: the userAuthenticators list has no " + PLAIN_TEXT
          + " (it has " + authenticators(xml) + "); add it by hand");
    }
    if (plain == 0) {
      return xml;
    }
    if (!body.substring(start, end).replaceAll(REF.pattern(), "").isBlank()) {
      throw new IllegalStateException("componentContext.xml: the userAuthenticators list has entries other than"
          + " one <ref bean=\"...\"/> per line; change it by hand");
    }
    List<String[]> ordered = new ArrayList<>(refs);
    ordered.add(0, ordered.remove(plain));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < ordered.size(); i++) {
      // each position keeps its indentation and line ending, only the names move
      lines.append(refs.get(i)[0]).append("<ref bean=\"").append(ordered.get(i)[1]).append("\"/>").append(refs.get(i)[2]);
    }
    int bodyStart = list.start(1);
    String result = xml.substring(0, bodyStart + start) + lines + xml.substring(bodyStart + end);
    requireWellFormed(result);
    return result;
  }

  private static Matcher list(String xml) {
    Matcher bean = AUTHENTICATORS.matcher(xml);
    if (!bean.find()) {
      throw new IllegalStateException("componentContext.xml: no <bean id=\"userAuthenticators\"> found");
    }
    Matcher list = LIST.matcher(xml);
    list.region(bean.start(1), bean.end(1));
    if (!list.find()) {
      throw new IllegalStateException("componentContext.xml: the userAuthenticators bean has no <list>");
    }
    return list;
  }

  static void requireWellFormed(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setNamespaceAware(true);
      f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) {
      throw new IllegalStateException("componentContext.xml would not be well-formed after the edit: " + e.getMessage(), e);
    }
  }
}
