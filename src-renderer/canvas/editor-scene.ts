/**
 * Draws the editor's document on a Konva layer: layer cards with neurons coloured by value,
 * weight lines coloured by sign and sized by magnitude, wires (red with the reason when shapes
 * disagree), and ports to connect layers. Framework-free: it reports gestures through
 * `SceneHandlers` and never edits the document itself.
 */
import Konva from 'konva';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';
import { formatG } from '../../src-shared/text/format-g.ts';
import {
  cardGeometry,
  gridFor,
  HEADER_HEIGHT,
  inPortAt,
  imageCardGeometry,
  MAX_WEIGHT_LINES,
  NEURON_RADIUS,
  PORT_RADIUS,
  type CardGeometry,
} from './card-geometry.ts';
import { ERROR, lineColor, SELECTED, textColorFor, valueColor } from './colors.ts';
import { heatmapCanvas } from './heatmap.ts';
import { drawImageBody, imageBodyHeight } from './image-card.ts';
import { applyLegibility, legibleText } from './legible-text.ts';
import { MIN_SCREEN_TEXT_PX } from './level-of-detail.ts';
import { leadsForward, routeMiddle, wireRoute, type Box } from './wire-route.ts';

export interface SceneNode {
  id: string;
  kind: string;
  x: number;
  y: number;
  units: number;
  /** Header lines under the title, e.g. ["W (4, 3)", "15 params"]. */
  title: string;
  details: string[];
  /** Dense weights (n_inputs, units), to draw lines or a heatmap. */
  weights: Tensor | null;
  /** This layer's values for the sample shown. */
  values: readonly number[] | null;
  /** Input ports: none for an input layer, one per wire in and a free one for a merge layer. */
  inPorts: number;
  /** Image layers: the input picture, or the layer's feature maps. */
  maps: SceneMaps | null;
}

export interface SceneMaps {
  kind: 'picture' | 'feature-maps';
  /** (batch, height, width, channels): 0..255 pixels for a picture. */
  output: Tensor;
  sample: number;
}

export interface SceneEdge {
  id: string;
  from: string;
  to: string;
  /** The input port it leads into: its place among the wires into `to`, oldest first. */
  port: number;
  error: string | null;
}

export interface SceneState {
  nodes: readonly SceneNode[];
  edges: readonly SceneEdge[];
  selection: ReadonlySet<string>;
  selectedNeuron: { nodeId: string; index: number } | null;
}

export interface WeightRef {
  nodeId: string;
  i: number;
  j: number;
  value: number;
  /** Pointer position in container pixels. */
  screen: { x: number; y: number };
}

export interface SceneHandlers {
  selectNode(id: string, additive: boolean): void;
  moveNodes(ids: string[], dx: number, dy: number): void;
  connect(from: string, to: string): void;
  selectNeuron(nodeId: string, index: number): void;
  hoverWeight(weight: WeightRef | null): void;
  clickWeight(weight: WeightRef): void;
  /** The pointer over a red wire (null: off it), to say why it is red. */
  hoverWire(wire: WireRef | null): void;
  /** A red wire clicked: the layer it leads into is the one to fix. */
  clickWire(wire: WireRef): void;
}

export interface WireRef {
  edgeId: string;
  /** The layer the wire leads into. */
  to: string;
  message: string;
  /** Pointer position in container pixels. */
  screen: { x: number; y: number };
}

interface DrawnNode {
  group: Konva.Group;
  geometry: CardGeometry;
  node: SceneNode;
}

/** A line whose two ends follow two cards while they are dragged. */
interface Attached {
  line: Konva.Line;
  from: string;
  to: string;
  fromOffset: { x: number; y: number };
  toOffset: { x: number; y: number };
  weight?: { i: number; j: number } | undefined;
  /** A layer-to-layer wire: it goes over the cards between its ends rather than behind them. */
  routed?: boolean;
}

export class EditorScene {
  readonly layer = new Konva.Layer();
  private readonly wires = new Konva.Group();
  private readonly cards = new Konva.Group();
  /** Red wires' messages, above the cards so no card hides them; clicks pass through to cards. */
  private readonly messages = new Konva.Group({ listening: false });
  private readonly overlay = new Konva.Layer();
  private drawn = new Map<string, DrawnNode>();
  private attached: Attached[] = [];
  private state: SceneState = { nodes: [], edges: [], selection: new Set(), selectedNeuron: null };
  /** A render that arrived while a button was down: rebuilding then would swallow the click. */
  private pending: SceneState | null = null;
  private pointerDown = false;
  /** The smallest text drawn, in screen pixels (see `level-of-detail.ts`). */
  private minScreenText = MIN_SCREEN_TEXT_PX;

  constructor(
    private readonly stage: Konva.Stage,
    private readonly handlers: SceneHandlers,
  ) {
    this.layer.add(this.wires, this.cards, this.messages);
    // Heatmaps are one pixel per value: keep the pixels sharp when scaled up.
    this.layer.imageSmoothingEnabled(false);
    stage.add(this.layer, this.overlay);
    stage.on('mousedown.scene touchstart.scene', () => (this.pointerDown = true));
    // Every zoom step resizes or hides text before the stage is drawn at the new scale (by
    // whoever zoomed: drawing here too would draw each step twice).
    stage.on('scaleXChange.scene', () =>
      applyLegibility(this.layer, stage.scaleX(), this.minScreenText),
    );
    window.addEventListener('pointerup', this.release);
  }

  destroy(): void {
    window.removeEventListener('pointerup', this.release);
  }

  private readonly release = (): void => {
    this.pointerDown = false;
    // After Konva has delivered this gesture's click and dragend.
    setTimeout(() => {
      if (this.pending && !this.pointerDown) this.render(this.pending);
    }, 0);
  };

  render(state: SceneState): void {
    if (this.pointerDown) {
      this.pending = state;
      return;
    }
    this.pending = null;
    this.state = state;
    this.wires.destroyChildren();
    this.cards.destroyChildren();
    this.messages.destroyChildren();
    this.drawn = new Map();
    this.attached = [];
    for (const node of state.nodes) this.drawCard(node);
    for (const edge of state.edges) this.drawEdge(edge);
    applyLegibility(this.layer, this.stage.scaleX(), this.minScreenText);
    // Draw now, not on the next frame, so the hit graph matches what a click lands on.
    this.layer.draw();
  }

  /** Raises (or lowers) the smallest text drawn, e.g. for a presentation's larger type. */
  setMinScreenText(pixels: number): void {
    this.minScreenText = pixels;
    applyLegibility(this.layer, this.stage.scaleX(), this.minScreenText);
    this.layer.batchDraw();
  }

  /** Container-pixel position of a neuron, a port or a card: for tests and overlays. */
  locate(nodeId: string, part: 'card' | 'in' | 'out' | number): { x: number; y: number } | null {
    const drawn = this.drawn.get(nodeId);
    if (!drawn) return null;
    const { geometry } = drawn;
    const local =
      part === 'card'
        ? { x: geometry.width / 2, y: 20 }
        : part === 'in'
          ? inPortAt(geometry, 0, drawn.node.inPorts)
          : part === 'out'
            ? geometry.outPort
            : (geometry.neurons[part] ?? null);
    if (!local) return null;
    return drawn.group.getAbsoluteTransform().point(local);
  }

  /** The world-space bounds of every card, for "fit to screen" and placing copies. */
  contentBounds(): { id: string; x: number; y: number; width: number; height: number }[] {
    return [...this.drawn.values()].map(({ node, geometry }) => ({
      id: node.id,
      x: node.x,
      y: node.y,
      width: geometry.width,
      height: geometry.height,
    }));
  }

  private drawCard(node: SceneNode): void {
    const weightsHeatmap = isHeatmapDense(node);
    const geometry = node.maps
      ? imageCardGeometry(imageBodyHeight(node.maps))
      : cardGeometry(node.units, weightsHeatmap ? 130 : 0);
    const selected = this.state.selection.has(node.id);
    const group = new Konva.Group({
      x: node.x,
      y: node.y,
      draggable: true,
      name: 'card',
      id: node.id,
    });
    group.add(
      new Konva.Rect({
        width: geometry.width,
        height: geometry.height,
        cornerRadius: 10,
        fill: '#ffffff',
        stroke: selected ? SELECTED : '#cbd5e1',
        strokeWidth: selected ? 2.5 : 1.2,
        shadowColor: '#0f172a',
        shadowOpacity: 0.08,
        shadowBlur: 8,
        shadowOffsetY: 2,
      }),
      // Zoomed out, the title grows over the header (the details are dropped by then),
      // wrapping between words; a word too wide for the card at a legible size breaks onto
      // two lines ("Global" / "AvgPool"), and only a part still too wide drops the title.
      legibleText(
        {
          x: TITLE_INSET,
          y: 9,
          width: geometry.width - 2 * TITLE_INSET,
          height: TITLE_HEIGHT,
          wrap: 'word',
          ellipsis: true,
          text: node.title,
          fontSize: 14,
          fontStyle: 'bold',
          fill: '#111827',
          name: 'card-title',
        },
        {
          width: { width: geometry.width - 2 * TITLE_INSET, by: 'word' },
          max: TITLE_HEIGHT,
          breakWords: true,
        },
      ),
      // The header has no room to spare under the title: the details show at 100% and closer.
      legibleText({
        x: 12,
        y: 29,
        text: node.details.join('\n'),
        fontSize: 11,
        lineHeight: 1.25,
        fill: '#4b5563',
        name: 'card-details',
      }),
    );
    if (node.maps) drawImageBody(group, node.maps, geometry.heatmap!);
    else if (geometry.compact) this.drawCompactBody(group, node, geometry);
    else this.drawNeurons(group, node, geometry);
    if (weightsHeatmap) this.drawWeightsHeatmap(group, node.weights!, geometry);
    for (let k = 0; k < node.inPorts; k++) {
      group.add(this.port(inPortAt(geometry, k, node.inPorts), 'in-port'));
    }
    const out = this.port(geometry.outPort, 'out-port');
    group.add(out);
    this.listenCard(group, node, out);
    this.cards.add(group);
    this.drawn.set(node.id, { group, geometry, node });
  }

  private drawNeurons(group: Konva.Group, node: SceneNode, geometry: CardGeometry): void {
    const scale = Math.max(1e-9, ...(node.values ?? []).map(Math.abs));
    // Each neuron reaches the card's edges, where its weight lines start and end.
    for (const p of geometry.neurons) {
      const left = node.inPorts > 0 ? 0 : p.x;
      group.add(
        new Konva.Line({
          points: [left, p.y, geometry.width, p.y],
          stroke: '#e2e8f0',
          strokeWidth: 1,
          listening: false,
        }),
      );
    }
    geometry.neurons.forEach((p, j) => {
      const value = node.values?.[j];
      const isSelected =
        this.state.selectedNeuron?.nodeId === node.id && this.state.selectedNeuron.index === j;
      const circle = new Konva.Circle({
        x: p.x,
        y: p.y,
        radius: NEURON_RADIUS,
        fill: value === undefined ? '#f1f5f9' : valueColor(value, scale),
        stroke: isSelected ? SELECTED : '#475569',
        strokeWidth: isSelected ? 3 : 1.2,
        name: 'neuron',
      });
      circle.on('click tap', (event) => {
        event.cancelBubble = true;
        this.handlers.selectNeuron(node.id, j);
      });
      group.add(circle);
      if (value !== undefined) {
        // Inside its circle (its colour is picked against the fill), so it cannot grow:
        // zoomed out, the neurons' colours alone show the values.
        const room = 2 * NEURON_RADIUS + 6;
        group.add(
          legibleText(
            {
              x: p.x - room / 2,
              y: p.y - NEURON_RADIUS,
              width: room,
              height: 2 * NEURON_RADIUS,
              align: 'center',
              verticalAlign: 'middle',
              wrap: 'none',
              text: formatG(value, 4),
              fontSize: 11,
              fill: textColorFor(value, scale),
              listening: false,
              name: 'neuron-value',
            },
            { width: { width: room, by: 'line' } },
          ),
        );
      }
    });
  }

  private drawCompactBody(group: Konva.Group, node: SceneNode, geometry: CardGeometry): void {
    const box = geometry.heatmap!;
    if (node.values) {
      const { columns, rows } = gridFor(node.values.length);
      group.add(image(heatmapCanvas(node.values, columns, rows), box, 'activations-heatmap'));
    } else {
      group.add(new Konva.Rect({ ...box, fill: '#f1f5f9', stroke: '#e2e8f0' }));
    }
  }

  /** A weight matrix too large for lines, as an image: rows are inputs, columns neurons. */
  private drawWeightsHeatmap(group: Konva.Group, weights: Tensor, geometry: CardGeometry): void {
    const [rows, columns] = weights.shape as [number, number];
    const box = {
      x: (geometry.width - 120) / 2,
      y: geometry.height - 134,
      width: 120,
      height: 120,
    };
    group.add(image(heatmapCanvas(weights.data, columns, rows), box, 'weights-heatmap'));
  }

  private port(at: { x: number; y: number }, name: string): Konva.Circle {
    return new Konva.Circle({
      ...at,
      radius: PORT_RADIUS,
      fill: '#ffffff',
      stroke: '#64748b',
      strokeWidth: 2,
      name,
      hitStrokeWidth: 10,
    });
  }

  private listenCard(group: Konva.Group, node: SceneNode, outPort: Konva.Circle): void {
    let start = { x: 0, y: 0 };
    group.on('click tap', (event) => {
      event.cancelBubble = true;
      this.handlers.selectNode(node.id, Boolean((event.evt as MouseEvent).shiftKey));
    });
    group.on('dragstart', () => (start = { x: group.x(), y: group.y() }));
    group.on('dragmove', () => {
      const dx = group.x() - start.x;
      const dy = group.y() - start.y;
      // Selected cards move together; wires follow their ends.
      for (const id of this.movingWith(node.id)) {
        const other = this.drawn.get(id);
        if (other && id !== node.id)
          other.group.position({ x: other.node.x + dx, y: other.node.y + dy });
      }
      this.updateAttached();
    });
    group.on('dragend', () => {
      const dx = group.x() - start.x;
      const dy = group.y() - start.y;
      if (dx !== 0 || dy !== 0) this.handlers.moveNodes(this.movingWith(node.id), dx, dy);
    });
    // Dragging from the output port draws a wire instead of moving the card.
    outPort.on('mousedown touchstart', (event) => {
      event.cancelBubble = true;
      this.dragWire(node.id);
    });
  }

  private movingWith(id: string): string[] {
    return this.state.selection.has(id) ? [...this.state.selection] : [id];
  }

  private dragWire(from: string): void {
    const origin = this.locate(from, 'out')!;
    const line = new Konva.Line({
      points: [origin.x, origin.y, origin.x, origin.y],
      stroke: SELECTED,
      strokeWidth: 2,
      dash: [6, 4],
      listening: false,
    });
    this.overlay.add(line);
    const move = () => {
      const p = this.stage.getPointerPosition();
      if (p) line.points([origin.x, origin.y, p.x, p.y]);
      this.overlay.batchDraw();
    };
    const up = () => {
      this.stage.off('mousemove.wire touchmove.wire mouseup.wire touchend.wire');
      window.removeEventListener('mouseup', up);
      line.destroy();
      this.overlay.batchDraw();
      const p = this.stage.getPointerPosition();
      const target = p && this.nodeWithInPortNear(p);
      if (target && target !== from) this.handlers.connect(from, target);
    };
    this.stage.on('mousemove.wire touchmove.wire', move);
    this.stage.on('mouseup.wire touchend.wire', up);
  }

  /** The card one of whose input ports (or whose body) is under the pointer. */
  private nodeWithInPortNear(p: { x: number; y: number }): string | null {
    let best: string | null = null;
    let bestDistance = 24 * this.stage.scaleX() + 12;
    for (const [id, drawn] of this.drawn) {
      const { inPorts } = drawn.node;
      if (inPorts === 0) continue;
      const toScreen = drawn.group.getAbsoluteTransform();
      for (let k = 0; k < inPorts; k++) {
        const port = toScreen.point(inPortAt(drawn.geometry, k, inPorts));
        const distance = Math.hypot(port.x - p.x, port.y - p.y);
        if (distance < bestDistance) [best, bestDistance] = [id, distance];
      }
      const box = drawn.group.getClientRect();
      if (
        !best &&
        p.x >= box.x &&
        p.x <= box.x + box.width &&
        p.y >= box.y &&
        p.y <= box.y + box.height
      )
        best = id;
    }
    return best;
  }

  private drawEdge(edge: SceneEdge): void {
    const from = this.drawn.get(edge.from);
    const to = this.drawn.get(edge.to);
    if (!from || !to) return;
    const toPort = inPortAt(to.geometry, edge.port, to.node.inPorts);
    // Lines per weight or per neuron only run forward: to a card further left, one routed wire.
    const forward = leadsForward(
      { x: from.node.x + from.geometry.outPort.x, y: 0 },
      { x: to.node.x + toPort.x, y: 0 },
    );
    const perWeight =
      forward &&
      !edge.error &&
      to.node.kind === 'dense' &&
      to.node.weights &&
      canDrawLines(from, to);
    if (perWeight) this.drawWeightLines(edge, from, to);
    else if (
      forward &&
      !edge.error &&
      !from.geometry.compact &&
      !to.geometry.compact &&
      to.node.kind !== 'dense' &&
      to.node.inPorts === 1 &&
      from.geometry.neurons.length === to.geometry.neurons.length
    ) {
      // Activations act neuron by neuron: one grey line each.
      from.geometry.neurons.forEach((p, j) =>
        this.attach(
          new Konva.Line({ stroke: '#94a3b8', strokeWidth: 1.5, listening: false }),
          edge,
          { x: from.geometry.width, y: p.y },
          { x: 0, y: to.geometry.neurons[j]!.y },
        ),
      );
    } else {
      // The arrowhead at the input port shows which way values flow.
      const wire = new Konva.Arrow({
        pointerLength: 10,
        pointerWidth: 10,
        fill: edge.error ? ERROR : '#64748b',
        stroke: edge.error ? ERROR : '#64748b',
        strokeWidth: edge.error ? 3 : 4,
        dash: edge.error ? [10, 6] : undefined,
        opacity: edge.error ? 1 : 0.6,
        lineJoin: 'round',
        name: edge.error ? 'wire-error' : 'wire',
        hitStrokeWidth: 12,
      });
      // Ending at the port's rim, so the card drawn over it does not hide the arrowhead.
      const rim = { x: toPort.x - PORT_RADIUS, y: toPort.y };
      this.attach(wire, edge, from.geometry.outPort, rim, undefined, true);
      if (edge.error) {
        this.listenErrorWire(wire, edge, edge.error);
        this.drawErrorLabel(edge.error, from, to, toPort);
      }
    }
  }

  private listenErrorWire(wire: Konva.Line, edge: SceneEdge, message: string): void {
    const ref = (): WireRef => ({
      edgeId: edge.id,
      to: edge.to,
      message,
      screen: this.stage.getPointerPosition() ?? { x: 0, y: 0 },
    });
    wire.on('mouseenter', () => this.handlers.hoverWire(ref()));
    wire.on('mouseleave', () => this.handlers.hoverWire(null));
    wire.on('click tap', (event) => {
      event.cancelBubble = true;
      this.handlers.clickWire(ref());
    });
  }

  /** Container-pixel midpoint of the wire `edgeId`, for tests. */
  locateWire(edgeId: string): { x: number; y: number } | null {
    const edge = this.state.edges.find((e) => e.id === edgeId);
    const item = edge && this.attached.find((a) => a.from === edge.from && a.to === edge.to);
    if (!item) return null;
    return this.layer.getAbsoluteTransform().point(routeMiddle(item.line.points()));
  }

  /** World points of the wire `edgeId` (its first line when drawn as several), for tests. */
  wirePoints(edgeId: string): number[] | null {
    const edge = this.state.edges.find((e) => e.id === edgeId);
    const item = edge && this.attached.find((a) => a.from === edge.from && a.to === edge.to);
    return item ? item.line.points() : null;
  }

  private drawWeightLines(edge: SceneEdge, from: DrawnNode, to: DrawnNode): void {
    const weights = to.node.weights!;
    const nOut = to.geometry.neurons.length;
    let maxAbs = 1e-12;
    for (const w of weights.data) maxAbs = Math.max(maxAbs, Math.abs(w));
    from.geometry.neurons.forEach((a, i) => {
      to.geometry.neurons.forEach((b, j) => {
        const w = weights.data[i * nOut + j]!;
        const line = new Konva.Line({
          stroke: lineColor(w),
          strokeWidth: 0.6 + 4.4 * (Math.abs(w) / maxAbs),
          hitStrokeWidth: 8,
          name: 'weight',
        });
        const ref = (): WeightRef => ({
          nodeId: to.node.id,
          i,
          j,
          value: w,
          screen: this.stage.getPointerPosition() ?? { x: 0, y: 0 },
        });
        line.on('mouseenter', () => this.handlers.hoverWeight(ref()));
        line.on('mouseleave', () => this.handlers.hoverWeight(null));
        line.on('click tap', (event) => {
          event.cancelBubble = true;
          this.handlers.clickWeight(ref());
        });
        this.attach(line, edge, { x: from.geometry.width, y: a.y }, { x: 0, y: b.y }, { i, j });
      });
    });
  }

  /** Container-pixel midpoint of the line for weight w[i→j] into `nodeId`. */
  locateWeight(nodeId: string, i: number, j: number): { x: number; y: number } | null {
    const item = this.attached.find(
      (a) => a.to === nodeId && a.weight?.i === i && a.weight.j === j,
    );
    if (!item) return null;
    const [x1, y1, x2, y2] = item.line.points() as [number, number, number, number];
    return this.layer.getAbsoluteTransform().point({ x: (x1 + x2) / 2, y: (y1 + y2) / 2 });
  }

  private drawErrorLabel(
    message: string,
    from: DrawnNode,
    to: DrawnNode,
    toPort: { x: number; y: number },
  ): void {
    const a = {
      x: from.node.x + from.geometry.outPort.x,
      y: from.node.y + from.geometry.outPort.y,
    };
    const b = { x: to.node.x + toPort.x, y: to.node.y + toPort.y };
    const label = new Konva.Label({
      x: (a.x + b.x) / 2 - 130,
      y: Math.max(a.y, b.y) + 16,
      name: 'wire-error-label',
    });
    label.add(new Konva.Tag({ fill: '#fef2f2', stroke: ERROR, cornerRadius: 6 }));
    // Zoomed out it grows (wrapping onto more lines) up to three times its size.
    label.add(
      legibleText(
        { text: message, width: 260, padding: 8, fontSize: 12, fill: '#991b1b' },
        { max: 36 },
      ),
    );
    this.messages.add(label);
  }

  /** Container-pixel boxes of the red wires' messages, each with whether a card covers it, for tests. */
  wireMessages(): { text: string; box: Box; covered: boolean }[] {
    return this.messages.getChildren().map((label) => {
      const box = label.getClientRect();
      const covered = this.cards
        .getChildren()
        .some(
          (card) =>
            card.getAbsoluteZIndex() > label.getAbsoluteZIndex() &&
            Konva.Util.haveIntersection(card.getClientRect(), box),
        );
      return { text: (label as Konva.Label).getText().text(), box, covered };
    });
  }

  private attach(
    line: Konva.Line,
    edge: SceneEdge,
    fromOffset: { x: number; y: number },
    toOffset: { x: number; y: number },
    weight?: { i: number; j: number },
    routed = false,
  ): void {
    const item = { line, from: edge.from, to: edge.to, fromOffset, toOffset, weight, routed };
    this.attached.push(item);
    this.placeAttached(item);
    this.wires.add(line);
  }

  private updateAttached(): void {
    for (const item of this.attached) this.placeAttached(item);
    this.layer.batchDraw();
  }

  private placeAttached({ line, from, to, fromOffset, toOffset, routed }: Attached): void {
    const a = this.drawn.get(from)!.group.position();
    const b = this.drawn.get(to)!.group.position();
    const start = { x: a.x + fromOffset.x, y: a.y + fromOffset.y };
    const end = { x: b.x + toOffset.x, y: b.y + toOffset.y };
    if (!routed) return void line.points([start.x, start.y, end.x, end.y]);
    const boxes = this.cardBoxes();
    const [fromCard, toCard] = [boxes.get(from)!, boxes.get(to)!];
    boxes.delete(from);
    boxes.delete(to);
    line.points(wireRoute({ from: start, to: end, fromCard, toCard, cards: [...boxes.values()] }));
  }

  /** Where every card is now (while dragged too). */
  private cardBoxes(): Map<string, Box> {
    const boxes = new Map<string, Box>();
    for (const [id, { group, geometry }] of this.drawn) {
      const { x, y } = group.position();
      boxes.set(id, { x, y, width: geometry.width, height: geometry.height });
    }
    return boxes;
  }
}

/** The card title's margin on either side: narrow, so that zoomed out more titles stay. */
const TITLE_INSET = 8;
/** The header's height under the title's top: two lines of a title grown to 26 (a fit at 0.42×). */
const TITLE_HEIGHT = HEADER_HEIGHT - 10;

function isHeatmapDense(node: SceneNode): boolean {
  return (
    node.kind === 'dense' && node.weights !== null && node.weights.data.length > MAX_WEIGHT_LINES
  );
}

function canDrawLines(from: DrawnNode, to: DrawnNode): boolean {
  const lines = from.geometry.neurons.length * to.geometry.neurons.length;
  return !from.geometry.compact && !to.geometry.compact && lines > 0 && lines <= MAX_WEIGHT_LINES;
}

function image(
  canvas: HTMLCanvasElement,
  box: { x: number; y: number; width: number; height: number },
  name: string,
): Konva.Image {
  const node = new Konva.Image({
    image: canvas,
    ...box,
    stroke: '#e2e8f0',
    strokeWidth: 1,
    name,
    listening: false,
  });
  return node;
}
