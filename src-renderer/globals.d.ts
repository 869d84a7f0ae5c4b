/** Read-only hooks that end-to-end tests use to see inside the canvas. */
interface WeightcraftTestHook {
  canvasTexts(): string[];
  /** Each text the canvas draws now (hidden ones left out): its name, font size and absolute scale. */
  canvasTextSizes(): { text: string; name: string; fontSize: number; scale: number }[];
  /** Page coordinates of a layer card's header, its ports or neuron j. */
  locate(nodeId: string, part: 'card' | 'in' | 'out' | number): { x: number; y: number } | null;
  viewport(): { scale: number; x: number; y: number };
  /** Page coordinates of the middle of the line for weight w[i→j] into a Dense layer. */
  locateWeight(nodeId: string, i: number, j: number): { x: number; y: number } | null;
  /** Page coordinates of the middle of a wire (its first line when drawn as several). */
  locateWire(edgeId: string): { x: number; y: number } | null;
  /** Red wires' messages on the canvas: text, page box, and whether a card is drawn over them. */
  wireMessages(): {
    text: string;
    box: { x: number; y: number; width: number; height: number };
    covered: boolean;
  }[];
  /** Every card's bounds in world coordinates (page = world × scale + offset + canvas corner). */
  cardBounds(): { id: string; x: number; y: number; width: number; height: number }[];
  /** A wire's polyline in world coordinates (x, y pairs); its first line when drawn as several. */
  wirePoints(edgeId: string): number[] | null;
  /** The document's wires, with the message of each red one. */
  wires(): { id: string; from: string; to: string; port: number; error: string | null }[];
  /** The document's node ids in creation order, with their kinds. */
  nodes(): { id: string; kind: string }[];
  /** Shape of each node's latest computed output, keyed by node id. */
  outputShapes(): Record<string, readonly number[]>;
  /** The photo's answer as the panel and the Softmax card show it, at full precision. */
  prediction(): { method: string; probabilities: number[] | null } | null;
}

interface Window {
  __weightcraft?: Partial<WeightcraftTestHook>;
}
