/**
 * Known model packs. Nothing here is ever fetched implicitly: `vigil models install <name>` fetches
 * one entry on an operator's explicit request, and only an entry whose sha256 is known (or given by
 * the operator) can be installed. A sha256 is recorded only where it comes from a published source;
 * where none is known it is null, never guessed.
 */
import type { ModelCardInput, ModelKind, ModelRole } from './model-card.ts';

/**
 * How the file is distributed: `onnx` — the URL serves the model file itself; `zip` — the model is
 * one member of an archive (extract it and use `vigil models add`); `npm` — the weights ship inside
 * an npm dependency and there is nothing to download.
 */
export type Packaging = 'onnx' | 'zip' | 'npm';

export interface CatalogueEntry {
  readonly name: string;
  readonly description: string;
  readonly role: ModelRole;
  readonly kind: ModelKind;
  readonly packaging: Packaging;
  readonly url: string | null;
  /** For `zip`: the file inside the archive; for `npm`: the package and path. */
  readonly member?: string;
  /** sha256 of the model file itself (not of an archive), or null when no published hash is known. */
  readonly sha256: string | null;
  readonly bytes?: number;
  readonly licence: string;
  /** The licence restricts use (for example non-commercial research only): installing needs consent. */
  readonly licenceRestricted: boolean;
  readonly card: ModelCardInput;
}

const insightfaceLicence =
  'InsightFace pretrained models: available for non-commercial research purposes only (the code is MIT, the ' +
  'models and their training data are not). Operational police use needs a separate licence from InsightFace.';

const insightfaceLimitations =
  'Non-commercial research licence only. Trained on web-scraped celebrity and public-figure images; ' +
  'accuracy differs by demographic group (see metrics: lower on East Asian and African faces in the ' +
  'InsightFace Face Recognition Challenge, MR-ALL columns).';

export const catalogue: readonly CatalogueEntry[] = [
  {
    name: 'yunet-2023mar',
    description: 'YuNet face detector (opencv_zoo face_detection_yunet_2023mar.onnx), 5 landmarks, dynamic input',
    role: 'detector',
    kind: 'yunet',
    packaging: 'onnx',
    url: 'https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/face_detection_yunet_2023mar.onnx',
    // From the Git LFS pointer of that file in opencv/opencv_zoo (oid sha256, size 232589).
    sha256: '8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4',
    bytes: 232589,
    licence: 'MIT',
    licenceRestricted: false,
    card: {
      name: 'YuNet',
      version: '2023mar',
      source:
        'https://github.com/opencv/opencv_zoo/tree/main/models/face_detection_yunet (trained with ' +
        'https://github.com/ShiqiYu/libfacedetection.train)',
      licence: 'MIT',
      licenceRestricted: false,
      trainingData: 'WIDER FACE training set, per libfacedetection.train; no further statement published',
      intendedUse: 'Face detection with five landmarks, as the first stage of alignment',
      limitations: 'Trained for faces of roughly 10x10 to 300x300 pixels; larger faces need a downscaled input',
      metrics: { wider_val_easy_ap: 0.8844, wider_val_medium_ap: 0.8656, wider_val_hard_ap: 0.7503 },
      sha256: '8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4',
      role: 'detector',
      kind: 'yunet',
    },
  },
  {
    name: 'scrfd-10g',
    description: 'SCRFD-10GF face detector with keypoints (det_10g.onnx in InsightFace buffalo_l.zip)',
    role: 'detector',
    kind: 'scrfd',
    packaging: 'zip',
    url: 'https://github.com/deepinsight/insightface/releases/download/v0.7/buffalo_l.zip',
    member: 'det_10g.onnx',
    sha256: null,
    licence: insightfaceLicence,
    licenceRestricted: true,
    card: {
      name: 'SCRFD-10GF (buffalo_l det_10g)',
      version: 'insightface v0.7',
      source: 'https://github.com/deepinsight/insightface/releases/tag/v0.7 (buffalo_l.zip, det_10g.onnx)',
      licence: insightfaceLicence,
      licenceRestricted: true,
      trainingData:
        'WIDER FACE training set (SCRFD paper); annotation licence restricts use to non-commercial research',
      intendedUse: 'Face detection with five landmarks, research only',
      limitations: 'Non-commercial research licence only.',
      metrics: {
        reported_for: 'SCRFD_10G_KPS',
        wider_val_easy_ap: 95.4,
        wider_val_medium_ap: 94.01,
        wider_val_hard_ap: 82.8,
      },
      role: 'detector',
      kind: 'scrfd',
    },
  },
  {
    name: 'arcface-r50-webface600k',
    description: 'ArcFace ResNet-50 trained on WebFace600K (w600k_r50.onnx in InsightFace buffalo_l.zip), 512-d',
    role: 'recognizer',
    kind: 'arcface',
    packaging: 'zip',
    url: 'https://github.com/deepinsight/insightface/releases/download/v0.7/buffalo_l.zip',
    member: 'w600k_r50.onnx',
    sha256: null,
    licence: insightfaceLicence,
    licenceRestricted: true,
    card: {
      name: 'ArcFace R50 @ WebFace600K (buffalo_l w600k_r50)',
      version: 'insightface v0.7',
      source: 'https://github.com/deepinsight/insightface/releases/tag/v0.7 (buffalo_l.zip, w600k_r50.onnx)',
      licence: insightfaceLicence,
      licenceRestricted: true,
      trainingData:
        'WebFace600K, a cleaned subset of WebFace260M (web-scraped images of celebrities); demographic ' +
        'composition not published by InsightFace',
      intendedUse: 'Face embedding on 112x112 ArcFace-aligned chips, research only',
      limitations: insightfaceLimitations,
      metrics: {
        source: 'insightface python-package README (buffalo_l)',
        mr_all: 91.25,
        african: 90.29,
        caucasian: 94.7,
        south_asian: 93.16,
        east_asian: 74.96,
        lfw: 99.83,
        cfp_fp: 99.33,
        agedb_30: 98.23,
        ijbc_e4: 97.25,
      },
      role: 'recognizer',
      kind: 'arcface',
    },
  },
  {
    name: 'arcface-r100-glint360k',
    description: 'ArcFace ResNet-100 trained on Glint360K (glintr100.onnx in InsightFace antelopev2.zip), 512-d',
    role: 'recognizer',
    kind: 'arcface',
    packaging: 'zip',
    url: 'https://github.com/deepinsight/insightface/releases/download/v0.7/antelopev2.zip',
    member: 'glintr100.onnx',
    sha256: null,
    licence: insightfaceLicence,
    licenceRestricted: true,
    card: {
      name: 'ArcFace R100 @ Glint360K (antelopev2 glintr100)',
      version: 'insightface v0.7',
      source: 'https://github.com/deepinsight/insightface/releases/tag/v0.7 (antelopev2.zip, glintr100.onnx)',
      licence: insightfaceLicence,
      licenceRestricted: true,
      trainingData:
        'Glint360K (about 17 million images of 360 thousand identities, built by merging and cleaning ' +
        'web-scraped celebrity face datasets; Partial FC paper); demographic composition not published',
      intendedUse: 'Face embedding on 112x112 ArcFace-aligned chips, research only',
      limitations: insightfaceLimitations,
      metrics: {
        source: 'insightface model_zoo README, R100 Glint360K row',
        mr_all: 90.659,
        african: 89.488,
        caucasian: 94.285,
        south_asian: 93.434,
        east_asian: 72.528,
      },
      role: 'recognizer',
      kind: 'arcface',
    },
  },
  ...faceApiEntries(),
  mediapipeFaceMeshEntry(),
];

/** MediaPipe FaceMesh and Iris as @vladmandic/human ships them (TF.js graph models, run as ONNX). */
function mediapipeFaceMeshEntry(): CatalogueEntry {
  const licence =
    'Apache-2.0 (Google MediaPipe models: face_landmark and iris_landmark); redistributed as TF.js graph models ' +
    'in the MIT-licensed npm package @vladmandic/human';
  return {
    name: 'mediapipe-facemesh',
    description: 'MediaPipe FaceMesh 468-point landmarks with MediaPipe Iris (five alignment points)',
    role: 'landmarker',
    kind: 'mediapipe-facemesh',
    packaging: 'npm',
    url: null,
    member: '@vladmandic/human/models/facemesh.json, iris.json',
    sha256: null,
    licenceRestricted: false,
    licence,
    card: {
      name: 'MediaPipe FaceMesh + Iris',
      version: 'human 3.3.6',
      source:
        'https://github.com/google/mediapipe (face_landmark, iris_landmark; model cards in its docs), converted ' +
        'to TF.js by Vladimir Mandic for https://github.com/vladmandic/human',
      licence,
      trainingData:
        'Google: FaceMesh trained on about 30 thousand in-the-wild mobile-camera images labelled with a 3-D ' +
        'mesh; Iris on about 50 thousand images with labelled iris and eye contours (MediaPipe model cards, ' +
        'geographically diverse per Google); not verified here',
      limitations:
        'Built for selfie-distance faces; accuracy on small, low-quality or strongly turned faces not published',
      role: 'landmarker',
      kind: 'mediapipe-facemesh',
    },
  };
}

function faceApiEntries(): CatalogueEntry[] {
  const pkg = '@vladmandic/face-api';
  const source =
    'https://github.com/justadudewhohacks/face-api.js, redistributed in the npm package @vladmandic/face-api';
  const base = { packaging: 'npm' as const, url: null, sha256: null, licenceRestricted: false };
  const entry = (
    name: string,
    kind: ModelKind,
    role: ModelRole,
    file: string,
    description: string,
    card: Pick<ModelCardInput, 'name' | 'trainingData' | 'limitations' | 'metrics'> & { readonly licence?: string },
  ): CatalogueEntry => ({
    ...base,
    licence: card.licence ?? 'MIT',
    name,
    kind,
    role,
    description,
    member: `${pkg}/model/${file}`,
    card: { version: 'face-api 1.7', source, ...card, licence: card.licence ?? 'MIT', role, kind },
  });
  return [
    entry(
      'faceapi-ssd',
      'faceapi-ssd',
      'detector',
      'ssd_mobilenetv1_model.bin',
      'face-api SSD MobileNet V1 face detector',
      {
        name: 'face-api SSD MobileNet V1',
        licence:
          'MIT as redistributed by face-api.js; the weights come from yeephycho/tensorflow-face-detection, ' +
          'whose own terms were not verified here',
        trainingData: 'WIDER FACE (weights by yeephycho/tensorflow-face-detection, per the face-api.js README)',
      },
    ),
    entry('faceapi-tiny', 'faceapi-tiny', 'detector', 'tiny_face_detector_model.bin', 'face-api Tiny Face Detector', {
      name: 'face-api Tiny Face Detector',
      trainingData:
        'A custom dataset of about 14 thousand images labelled with boxes (face-api.js); image sources unknown',
    }),
    entry(
      'faceapi-landmarks68',
      'faceapi-landmarks68',
      'landmarker',
      'face_landmark_68_model.bin',
      'face-api 68-point landmark net',
      {
        name: 'face-api 68-point landmarks',
        trainingData: 'About 35 thousand face images labelled with 68 points (face-api.js); image sources unknown',
      },
    ),
    entry(
      'faceapi-resnet',
      'faceapi-resnet',
      'recognizer',
      'face_recognition_model.bin',
      'face-api ResNet-34-like 128-d descriptor (dlib weights)',
      {
        name: 'face-api face recognition (dlib ResNet, 128-d)',
        licence: 'MIT (face-api.js port); the original dlib weights were released into the public domain by Davis King',
        trainingData:
          'dlib_face_recognition_resnet_model_v1: about 3 million faces of 7485 identities, about half from the ' +
          'VGG and FaceScrub datasets and the rest scraped from the internet by Davis King, cleaned to avoid ' +
          'overlap with LFW identities; demographic composition unknown',
        limitations: 'Small and old by current standards; demographic performance not published',
        metrics: { lfw_accuracy: 0.993833, lfw_std: 0.00272732 },
      },
    ),
  ];
}

export function findCatalogueEntry(
  name: string,
  entries: readonly CatalogueEntry[] = catalogue,
): CatalogueEntry | undefined {
  return entries.find((e) => e.name === name);
}
