// three.js preview of the abutments in the jaw frame (mm; x to the patient's left, y anterior,
// z occlusal). Loaded only when the abutment screen shows a proposal.

import {
  AmbientLight,
  AxesHelper,
  Box3,
  Color,
  DirectionalLight,
  GridHelper,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  Vector3,
  WebGLRenderer,
} from 'three';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

export interface AbutmentPreview {
  /** Replaces the meshes; `selected` is drawn highlighted. */
  show(meshes: readonly { tooth: number; stl: ArrayBuffer }[], selected: number | null): void;
  resize(): void;
  destroy(): void;
}

export function createPreview(canvas: HTMLCanvasElement): AbutmentPreview {
  const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(window.devicePixelRatio || 1);
  const scene = new Scene();
  scene.background = new Color(0x1b2330);
  const camera = new PerspectiveCamera(40, 1, 0.1, 1000);
  camera.up.set(0, 0, 1);
  camera.position.set(0, -70, 50);
  const controls = new OrbitControls(camera, canvas);
  scene.add(new AmbientLight(0xffffff, 0.6));
  const sun = new DirectionalLight(0xffffff, 1.2);
  sun.position.set(30, -40, 80);
  scene.add(sun);
  const grid = new GridHelper(80, 16, 0x556070, 0x333a46);
  grid.rotation.x = Math.PI / 2; // the occlusal plane (z = 0)
  scene.add(grid, new AxesHelper(10));
  const loader = new STLLoader();
  let meshes: Mesh[] = [];

  const render = (): void => renderer.render(scene, camera);
  controls.addEventListener('change', render);

  function resize(): void {
    const w = canvas.clientWidth || 400;
    const h = canvas.clientHeight || 300;
    renderer.setSize(w, h, false);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    render();
  }

  function show(list: readonly { tooth: number; stl: ArrayBuffer }[], selected: number | null): void {
    for (const m of meshes) {
      scene.remove(m);
      m.geometry.dispose();
      (m.material as MeshStandardMaterial).dispose();
    }
    meshes = list.map(({ tooth, stl }) => {
      const geometry = loader.parse(stl);
      geometry.computeVertexNormals();
      const material = new MeshStandardMaterial({
        color: tooth === selected ? 0xffc857 : 0xb8c4d6,
        metalness: 0.3,
        roughness: 0.5,
      });
      const mesh = new Mesh(geometry, material);
      mesh.name = `abutment-${tooth}`;
      scene.add(mesh);
      return mesh;
    });
    const box = new Box3();
    for (const m of meshes) box.expandByObject(m);
    if (!box.isEmpty()) {
      const centre = box.getCenter(new Vector3());
      const size = box.getSize(new Vector3()).length();
      controls.target.copy(centre);
      camera.position.set(centre.x, centre.y - size * 1.4 - 15, centre.z + size * 0.8 + 10);
      controls.update();
    }
    resize();
  }

  resize();
  return {
    show,
    resize,
    destroy: () => {
      controls.dispose();
      renderer.dispose();
    },
  };
}
