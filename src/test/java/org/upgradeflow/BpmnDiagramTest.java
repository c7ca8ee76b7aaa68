package org.upgradeflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every process draws in Cockpit and reads well: each flow node has a BPMNShape, each sequence
 * flow a BPMNEdge, and no id is one the Modeler generated (Activity_0abc123). The same rule as
 * {@code check-bpmn.py}, here so the build fails, not only a script someone may forget to run.
 */
class BpmnDiagramTest {

  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final String DI = "http://www.omg.org/spec/BPMN/20100524/DI";
  private static final Set<String> FLOW_NODES = Set.of("task", "serviceTask", "userTask", "scriptTask", "sendTask",
      "receiveTask", "manualTask", "businessRuleTask", "callActivity", "subProcess", "transaction", "startEvent",
      "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent", "exclusiveGateway",
      "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway");
  private static final Pattern GENERATED = Pattern.compile("^(Activity|Flow|Event|Gateway|StartEvent|EndEvent|Task|"
      + "SequenceFlow|IntermediateThrowEvent|BoundaryEvent|Process|Participant)_[0-9a-z]{7}$");

  @Test
  void everyProcessHasItsDiagramAndMeaningfulIds() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Stream.concat(Files.list(Path.of("bpmn")), Files.list(Path.of("src/test/resources/fixtures")))) {
      files = walk.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
    }
    assertThat(files).as("bpmn files").extracting(p -> p.getFileName().toString()).contains("CloudStackUpgrade.bpmn");
    TreeMap<String, List<String>> problems = new TreeMap<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        List<String> found = problems(in);
        if (!found.isEmpty()) {
          problems.put(file.toString(), found);
        }
      }
    }
    assertThat(problems).as("diagram and id problems per file").isEmpty();
  }

  @Test
  void theCheckFindsAMissingShapeAMissingEdgeAndAGeneratedId() throws Exception {
    String bad = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" id="Definitions_Bad">
          <bpmn:process id="Bad">
            <bpmn:startEvent id="StartEvent_Requested" />
            <bpmn:serviceTask id="Activity_0abc123" />
            <bpmn:sequenceFlow id="Flow_ToWork" sourceRef="StartEvent_Requested" targetRef="Activity_0abc123" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="Diagram_Bad"><bpmndi:BPMNPlane id="Plane_Bad" bpmnElement="Bad">
            <bpmndi:BPMNShape id="Shape_Start" bpmnElement="StartEvent_Requested" />
          </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;
    assertThat(problems(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)))).containsExactly(
        "serviceTask 'Activity_0abc123' has no BPMNShape",
        "sequenceFlow 'Flow_ToWork' has no BPMNEdge",
        "generated id 'Activity_0abc123': give it a meaningful one");
  }

  static List<String> problems(InputStream bpmn) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element root = factory.newDocumentBuilder().parse(bpmn).getDocumentElement();
    TreeMap<String, String> nodes = new TreeMap<>();
    List<String> flows = new ArrayList<>();
    NodeList all = root.getElementsByTagNameNS(BPMN, "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      String id = e.getAttribute("id");
      if (id.isEmpty()) {
        continue;
      }
      if (FLOW_NODES.contains(e.getLocalName())) {
        nodes.put(id, e.getLocalName());
      } else if (e.getLocalName().equals("sequenceFlow")) {
        flows.add(id);
      }
    }
    Set<String> shapes = referenced(root, "BPMNShape");
    Set<String> edges = referenced(root, "BPMNEdge");
    List<String> problems = new ArrayList<>();
    if (root.getElementsByTagNameNS(DI, "BPMNDiagram").getLength() == 0) {
      problems.add("no diagram (BPMNDiagram) at all: Cockpit cannot draw it");
    }
    nodes.forEach((id, tag) -> {
      if (!shapes.contains(id)) {
        problems.add(tag + " '" + id + "' has no BPMNShape");
      }
    });
    flows.stream().sorted().filter(id -> !edges.contains(id)).forEach(id -> problems.add("sequenceFlow '" + id + "' has no BPMNEdge"));
    Stream.concat(nodes.keySet().stream(), flows.stream()).sorted().filter(id -> GENERATED.matcher(id).matches())
        .forEach(id -> problems.add("generated id '" + id + "': give it a meaningful one"));
    return problems;
  }

  private static Set<String> referenced(Element root, String diTag) {
    Set<String> ids = new HashSet<>();
    NodeList list = root.getElementsByTagNameNS(DI, diTag);
    for (int i = 0; i < list.getLength(); i++) {
      ids.add(((Element) list.item(i)).getAttribute("bpmnElement"));
    }
    return ids;
  }
}
