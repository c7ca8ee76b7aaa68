package org.upgradeflow.cloudstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The 4.0 management server's {@code components.xml} (adapters, managers, DAOs as XML elements)
 * and what a site changed in it compared with the stock 4.0 file. 4.1 replaced it with the
 * Spring context {@code componentContext.xml} and nothing carries the changes over: the guide
 * leaves that to a person, which {@code Gate_ComponentsXml} asks for with this as evidence.
 *
 * <p>Where the old file is after the package upgrade: the 4.1+ Debian packages remove
 * {@code cloud-client} without purging it, so its conffiles stay in {@code /etc/cloud}; the RPMs'
 * %pre moves {@code /etc/cloud} to {@code /etc/cloud.rpmsave}, and rpm itself saves a changed
 * configuration file of an erased package as {@code <file>.rpmsave}. {@link #LOCATIONS} holds
 * all three, in that order.
 */
public final class LegacyComponentsXml {

  public static final List<String> LOCATIONS = List.of(
      "/etc/cloud/management/components.xml",
      "/etc/cloud.rpmsave/management/components.xml",
      "/etc/cloud/management/components.xml.rpmsave");

  private static final String STOCK_RESOURCE = "components-4.0.xml";

  /** One element that differs: {@code added} (not in the stock file), {@code removed} or {@code changed}. */
  public record Difference(String kind, String element, String value) {

    @Override
    public String toString() {
      return kind + " " + element + (value.isEmpty() ? "" : " (" + value + ")");
    }
  }

  private LegacyComponentsXml() {
  }

  /** The stock 4.0 file (abridged; see the resource's comment). */
  public static String stock() {
    try (InputStream in = LegacyComponentsXml.class.getResourceAsStream(STOCK_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(STOCK_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What {@code xml} changed compared with the stock 4.0 file; empty when nothing did. */
  public static List<Difference> customisations(String xml) {
    return customisations(xml, stock());
  }

  /** What {@code xml} changed compared with {@code reference} (the stock file of the site's release). */
  public static List<Difference> customisations(String xml, String reference) {
    return differences(elements(reference), elements(xml));
  }

  static List<Difference> differences(Map<String, String> stock, Map<String, String> site) {
    List<Difference> out = new ArrayList<>();
    site.forEach((element, value) -> {
      String was = stock.get(element);
      if (was == null) {
        out.add(new Difference("added", element, value));
      } else if (!was.equals(value)) {
        out.add(new Difference("changed", element, "stock: " + was + "; here: " + value));
      }
    });
    stock.forEach((element, value) -> {
      if (!site.containsKey(element)) {
        out.add(new Difference("removed", element, value));
      }
    });
    return out;
  }

  /**
   * Every element below the root by its place: {@code tag[name or key]} joined with '/', e.g.
   * {@code management-server/adapters[com.cloud.ha.FenceBuilder]/adapter[KVMFenceBuilder]}, to its
   * other attributes and text. Comments and formatting do not count; a repeated place gets
   * {@code #2}, {@code #3}.
   */
  static Map<String, String> elements(String xml) {
    Element root;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      root = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    } catch (Exception e) {
      throw new IllegalArgumentException("components.xml is not well-formed XML: " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    collect(root, "", out);
    return out;
  }

  private static void collect(Element parent, String path, Map<String, String> out) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element e)) {
        continue;
      }
      String id = e.hasAttribute("name") ? e.getAttribute("name") : e.getAttribute("key");
      String place = (path.isEmpty() ? "" : path + "/") + e.getTagName() + (id.isEmpty() ? "" : "[" + id + "]");
      String unique = place;
      for (int i = 2; out.containsKey(unique); i++) {
        unique = place + "#" + i;
      }
      out.put(unique, describe(e));
      collect(e, unique, out);
    }
  }

  private static String describe(Element e) {
    Map<String, String> attributes = new TreeMap<>();
    for (int i = 0; i < e.getAttributes().getLength(); i++) {
      Node a = e.getAttributes().item(i);
      if (!a.getNodeName().equals("name") && !a.getNodeName().equals("key")) {
        attributes.put(a.getNodeName(), a.getNodeValue());
      }
    }
    StringBuilder text = new StringBuilder();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
        text.append(n.getNodeValue());
      }
    }
    List<String> parts = new ArrayList<>();
    attributes.forEach((k, v) -> parts.add(k + "=" + v));
    if (!text.toString().isBlank()) {
      parts.add("value=" + text.toString().strip());
    }
    return String.join(", ", parts);
  }
}
