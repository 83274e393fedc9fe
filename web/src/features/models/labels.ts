/** Labels for the model kinds and roles the Models page shows. */
export const modelKindLabels: Readonly<Record<string, string>> = {
  yunet: 'YuNet face detector',
  scrfd: 'SCRFD face detector',
  arcface: 'ArcFace recognizer',
  'faceapi-ssd': 'SSD MobileNet face detector',
  'faceapi-tiny': 'Tiny face detector',
  'faceapi-landmarks68': '68-point landmark net',
  'faceapi-resnet': 'ResNet-34 face recognizer',
};

export const modelRoleLabels: Readonly<Record<string, string>> = {
  detector: 'Detector',
  landmarker: 'Landmarker',
  recognizer: 'Recognizer',
};

/** Metric keys of model cards, in words. */
export const metricLabels: Readonly<Record<string, string>> = {
  lfwAccuracy: 'LFW accuracy',
  tar: 'True accept rate',
  fmr: 'False match rate',
  fnmr: 'False non-match rate',
};
