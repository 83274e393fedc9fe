/**
 * Generated from the API's OpenAPI document by `npm run api:types` (scripts/openapi.ts).
 * Do not edit by hand: change the route schemas and regenerate.
 */

export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process answers */
    get: operations['health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: the face engine is up and the API is not shutting down */
    get: operations['ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{alertId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An alert */
    get: operations['getAlert'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{alertId}/decision': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The operator's decision: confirm, reject or unable to determine (R21) */
    post: operations['adjudicateAlert'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{alertId}/engagement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The engagement officer's record: engaged or not, and the outcome (R21) */
    post: operations['recordEngagement'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{alertId}/link': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Link an alert to an investigation, keeping its images past the alert window (R19) */
    post: operations['linkAlert'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{alertId}/probe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The face that raised the alert (JPEG); viewing is audited */
    get: operations['getAlertProbe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{alertId}/reference': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The watchlist image (viewing is audited) */
    get: operations['getAlertReference'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/assessments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** DPIA, equality impact assessment and policy document versions on record (R26) */
    get: operations['listAssessments'];
    put?: never;
    /** Record an approved assessment version that authorisations may link (R26) */
    post: operations['recordAssessment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The audit log, newest first, with filters */
    get: operations['listAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The server's continuous check of the audit chain (R29): intact, or what was found broken */
    get: operations['auditStatus'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Walk the whole hash chain and check the signed anchors; names the first bad entry */
    get: operations['verifyAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with username and password: sets the session cookie and returns the CSRF token */
    post: operations['login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: ends the session and clears its cookie */
    post: operations['logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/oidc/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where the identity provider sends the browser back: signs in and redirects to the console */
    get: operations['oidcCallback'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/oidc/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Sign in through the identity provider: redirects there (PKCE, state and nonce) */
    get: operations['oidcStart'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How one can sign in, and whether first-start setup is still pending */
    get: operations['authOptions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change your own password (required after an administrator set it): ends your other sessions */
    post: operations['changePassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/bias-reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Bias reports stored with the model and thresholds they measured (R27) */
    get: operations['listBiasReports'];
    put?: never;
    /** Store the signed report file written by `vigil eval demographics`, as it is (R27): a report without its attestation (422 unsigned-bias-report), changed since signing, not signed by this installation's evaluation key, on another model, or missing a group is refused */
    post: operations['storeBiasReport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Cases, newest first */
    get: operations['listCases'];
    put?: never;
    /** Open a case: the workspace that probes and searches belong to */
    post: operations['createCase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A case with its probes and searches */
    get: operations['getCase'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/archive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The case's archive: files by status, faces indexed, and its ingestion batches */
    get: operations['getArchive'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/archive/batches/{batchId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One ingestion batch: its files by status, whether it is finished, and the files that failed
     * @description Counts are of the files this batch added to the case: a file the case already held counts under the batch that first queued it, so done + failed may be less than filesTotal.
     */
    get: operations['getArchiveBatch'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/archive/ingest': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Index the faces of every image and video under a server-side folder into the case's archive
     * @description The folder must resolve (symlinks followed) inside one of the configured archive.roots; with none configured this is refused (409). The scan and the per-file work run as jobs: follow them with GET /v1/cases/{caseId}/archive/batches/{batchId}. A file the case already holds is not indexed again.
     */
    post: operations['ingestArchive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/archive/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Where the person in an image appears in the case's archive: files, times and scores (leads)
     * @description Compares the image's face (faceIndex, default the largest) with every face indexed in this case's archive; the matches at or above minScore (default: the threshold in force) are leads, not identifications. The image is not kept; the search is audited.
     */
    post: operations['searchArchive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/authorisation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record the authorisation reference of a case (R32: due within 48 hours of its first search) */
    post: operations['recordCaseAuthorisation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Let another user work on this case (record-level access: a case is its investigators' only) */
    post: operations['addCaseMember'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/probes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Upload a probe image or video into the case workspace (never into the gallery, R33)
     * @description An image comes back with the faces found in it. A video is sampled, its faces grouped by track, and each track's best frame kept so the investigator can pick whom to search (R37).
     */
    post: operations['addProbe'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/probes/{probeId}/content': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A probe's image; for a video probe, a track's best frame (the first track's by default)
     * @description For anyone who may work on or oversee the case; every view is audited as probe.viewed.
     */
    get: operations['getProbeContent'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/probes/{probeId}/faces': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The faces on a probe image or a track's best frame, largest first (boxes, no pixels) */
    get: operations['listProbeFaces'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/probes/{probeId}/faces/{n}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A JPEG crop of face n (0 = largest) of a probe image or a track's best frame; audited */
    get: operations['getProbeFace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/probes/{probeId}/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apply an enhancement chain to a probe and show the faces found (nothing is stored, R36) */
    post: operations['previewProbe'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/probes/{probeId}/tracks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The face tracks of a video probe (R37) */
    get: operations['listProbeTracks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/probes/{probeId}/tracks/{trackId}/crop': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A JPEG of a track's best face, for choosing whom to search */
    get: operations['getTrackCrop'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cases/{caseId}/searches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Search the reference gallery with a probe face: a ranked list of leads (R31, R34)
     * @description Needs the justification and legal basis (R31); the offence type defaults to the case, the provenance is the probe's. The enhancement chain is applied server-side and recorded (R36). The probe's template is made for this search only and never stored or enrolled (R33).
     */
    post: operations['runSearch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Deployments, latest first */
    get: operations['listDeployments'];
    put?: never;
    /** Draw up a deployment (a draft: R1 fields may follow) */
    post: operations['createDeployment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A deployment */
    get: operations['getDeployment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a draft; changing what was authorised (e.g. the location) needs a new authorisation (R3) */
    patch: operations['updateDeployment'];
    trace?: never;
  };
  '/v1/deployments/{id}/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Alerts of a deployment, newest first */
    get: operations['listAlerts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/alerts/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * New and updated alerts as server-sent events (`alert`, `alert-updated`, each with its id), pushed the moment they happen
     * @description Each event id is the stream position of the change it carries. Reconnecting with `Last-Event-ID` (or `?since=`) first sends every alert changed after it, as it is now, then the live ones. The first block (a comment and an id, no data) gives the starting position.
     */
    get: operations['streamAlerts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/authorisation-check': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What stops the caller from authorising this deployment now (empty: nothing) */
    get: operations['checkAuthorisation'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/authorise': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Authorise: every R1 field, a separate authoriser (R30), the expected false alerts frozen (R12) */
    post: operations['authoriseDeployment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/cameras': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Cameras, with live status while the deployment runs */
    get: operations['listCameras'];
    put?: never;
    /** Add a camera (at most the authorised count) */
    post: operations['addCamera'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/cameras/{cameraId}/frame': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A camera's current analysed frame (JPEG, faces boxed with track ids); memory only, never stored (R18)
     * @description The latest frame the matching loop analysed, drawn on request and dropped at the next frame. `x-frame-captured-at` gives its capture time (ms). 409 `not-live`: the deployment is not live; 503 `camera-elsewhere`: another pipeline process runs this camera (frames are not relayed); 503 `no-frame-yet`: the camera has not delivered an analysed frame. Viewing is audited once per viewing session.
     */
    get: operations['getCameraFrame'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/forecast': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Expected false alerts for the planned footfall, watchlist size and threshold (R12) */
    get: operations['forecastFalseAlerts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/record': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The deployment record with the published columns (R24), as JSON or CSV */
    get: operations['getDeploymentRecord'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/refuse': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Refuse or withdraw authorisation: use stops and every input and output is deleted (R20) */
    post: operations['refuseDeployment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/review': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The post-deployment review that completes the record (R6) */
    post: operations['reviewDeployment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Go live: only authorised, unchanged, inside the window, with its cameras (R1-R3) */
    post: operations['startDeployment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/stop': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Stop matching and close: the watchlist is destroyed, its manifest kept (R10, R11) */
    post: operations['stopDeployment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/watchlist': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The bespoke watchlist of a deployment (provenance, quality, who added whom and why) */
    get: operations['listWatchlist'];
    put?: never;
    /** Add a gallery subject in one authorised category (R7-R9, R13) */
    post: operations['addWatchlistEntry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deployments/{id}/watchlist/{entryId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove an entry (an authorised list goes back to draft) */
    delete: operations['removeWatchlistEntry'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/faces/compare': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Compare the faces in two images: similarity and the decision at the calibrated threshold
     * @description Each image must show one face, or the faceA/faceB field picks one (0 = largest). The decision is "match" only when the score reaches the threshold; below it the answer is "no match" (R17).
     */
    post: operations['compareFaces'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/faces/detect': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Find the faces in an image: box, score, five landmarks and quality (never templates) */
    post: operations['detectFaces'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/gallery/images/{id}/break-glass': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An administrator's exceptional access to a reference image, with an audited reason */
    post: operations['breakGlassReferenceImage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/gallery/images/{id}/content': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The pixels of a reference image (decrypted for this response) */
    get: operations['getReferenceImageContent'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/gallery/images/{id}/face': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A JPEG crop of a reference image's enrolled face (the largest); audited as a view */
    get: operations['getReferenceImageFace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/gallery/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many subjects, images and templates the gallery holds */
    get: operations['galleryStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/gallery/subjects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Subjects, newest first */
    get: operations['listSubjects'];
    put?: never;
    /** Enrol a subject with a first reference image (refused if it fails the quality gates) */
    post: operations['createSubject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/gallery/subjects/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A subject with its reference images (provenance and quality; not the pixels) */
    get: operations['getSubject'];
    put?: never;
    post?: never;
    /** Delete a subject, its images and templates; it leaves search at once */
    delete: operations['deleteSubject'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/gallery/subjects/{id}/images': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a reference image to a subject */
    post: operations['addReferenceImage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/holds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Legal holds, newest first */
    get: operations['listHolds'];
    put?: never;
    /** Place a legal hold: nothing linked to the target is purged until it is released (audited) */
    post: operations['placeHold'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/holds/{holdId}/release': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Release a legal hold; the next purge deletes what it kept and is due (audited) */
    post: operations['releaseHold'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The job queue: counts by state and the dead-letter list, newest first */
    get: operations['jobQueue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lists': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The closed lists this installation is configured with */
    get: operations['configuredLists'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in user, their roles and permissions, and the CSRF token of their session */
    get: operations['me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your own API tokens (never their secrets) */
    get: operations['listOwnTokens'];
    put?: never;
    /** Issue an API token for your own account (the command line acts with it): the secret is shown once */
    post: operations['createOwnToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me/tokens/{tokenId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of your own API tokens: it stops working at once */
    delete: operations['revokeOwnToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Model packs, built-in nets and registered models, each with its model card (R28) */
    get: operations['listModels'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/periodic': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The periodic report (R25) for [from, to): deployments, alerts, outcomes, RFR searches, bias */
    get: operations['getPeriodicReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/periodic/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The periodic report as a CSV file, a printable HTML page or a JSON file (audited) */
    get: operations['exportPeriodicReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/retention/policy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What is kept, for how long, and what is never purged (R19) */
    get: operations['getRetentionPolicy'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/retention/purge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Delete what is past its window and not on hold, now (recorded as a run and audited); dryRun: only report what would go */
    post: operations['runPurge'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/retention/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Purge runs, newest first: counts per class, holds that kept data, files deleted, errors */
    get: operations['listPurgeRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/retention/runs/{runId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One purge run */
    get: operations['getPurgeRun'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/searches/{searchId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A search with its candidates and their review */
    get: operations['getSearch'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/searches/{searchId}/candidates/{rank}/examiner': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** First review stage: the examiner's judgement of a candidate (R35) */
    post: operations['recordExaminerDecision'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/searches/{searchId}/candidates/{rank}/face': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A JPEG crop of a candidate's reference face (case access and gallery:view-images); audited */
    get: operations['getCandidateFace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/searches/{searchId}/candidates/{rank}/officer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Second review stage: the investigating officer's decision on a possible match (R35) */
    post: operations['recordOfficerDecision'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/searches/{searchId}/probe-face': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A JPEG crop of the face the search searched, from the enhanced probe it searched; audited */
    get: operations['getSearchedFace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/searches/{searchId}/supervisor-review': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A supervisor's review of a search (R38): a new review each time, the earlier ones kept */
    post: operations['recordSupervisorReview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/searches/statistics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Searches per user, case or offence type, with hit rates and supervisor reviews (R38) */
    get: operations['searchStatistics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/setup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** First start: create the first administrator with the one-time token the server printed */
    post: operations['setup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/thresholds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The threshold in force for the current model, its calibrated floor, and the policy history (R14) */
    get: operations['thresholdInForce'];
    put?: never;
    /** Set a stricter threshold for the current model: privileged, with a reason and a current bias report (R14, R27) */
    post: operations['changeThreshold'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every user, with roles and lockout state */
    get: operations['listUsers'];
    put?: never;
    /**
     * Create a user (with a password, or none for OpenID Connect and machine users)
     * @description Roles that reach no biometric data are granted at once; the others wait in a pending grant for a second administrator. A password set here is temporary: the user must choose a new one when they sign in.
     */
    post: operations['createUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change roles, display name, disabled, or clear a lockout
     * @description Nobody changes their own roles, and an administrator cannot disable themself. Removing a role is immediate; adding one that reaches biometric data makes a pending grant for a second administrator.
     */
    patch: operations['updateUser'];
    trace?: never;
  };
  '/v1/users/{id}/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Set a temporary password: clears a lockout and ends the user's sessions
     * @description Signing in with it gives a session that can only choose a new password (POST /v1/auth/password).
     */
    post: operations['resetPassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/{id}/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A user's API tokens (never their secrets) */
    get: operations['listTokens'];
    put?: never;
    /**
     * Issue an API token for your own account or a machine account: the secret is shown once
     * @description Never for another person (403 token-for-another-person): that would let you act as them.
     */
    post: operations['createToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/{id}/tokens/{tokenId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API token: it stops working at once */
    delete: operations['revokeToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/grants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Role grants waiting for a second administrator */
    get: operations['listRoleGrants'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/grants/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Approve a pending role grant: the user gets the roles
     * @description Only an administrator who neither asked for the grant nor would receive it.
     */
    post: operations['approveRoleGrant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/grants/{id}/refuse': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Refuse a pending role grant
     * @description Only an administrator who neither asked for the grant nor would receive it.
     */
    post: operations['refuseRoleGrant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Alert: {
      /** @description when the kept (best-scoring) crop was captured */
      bestCapturedAt: string;
      cameraId: string;
      /** @description the camera's name when the alert was raised */
      cameraName: string | null;
      capturedAt: string;
      category: string;
      createdAt: string;
      deploymentId: string;
      engagement: {
        at: string;
        by: string;
        engaged: boolean;
        note: string | null;
        /** @enum {string|null} */
        outcome: 'arrest' | 'other-disposal' | 'no-further-action' | 'not-the-person' | null;
      } | null;
      entryId: string;
      hasProbeImage: boolean;
      hasReferenceImage: boolean;
      /** @description every decision recorded on this alert, by stage and revision (the current one is the last) */
      history: components['schemas']['AlertDecisionRevision'][];
      id: string;
      investigationRef: string | null;
      /** @description the latest sighting grouped into this alert (the first: `capturedAt`) */
      lastSeenAt: string;
      operator: {
        at: string;
        by: string;
        /** @enum {string} */
        decision: 'confirm' | 'reject' | 'unable-to-determine';
        decisionMs: number;
      } | null;
      score: number;
      /** @description sightings of this person on this camera grouped into this alert (R16): 1 when first raised */
      seenCount: number;
      /** @description the deployment's stream position of this alert's latest change (the event id in the stream): of two copies of an alert, the larger is newer */
      seq: number;
      subjectId: string;
      /** @description the subject's name when the alert was raised */
      subjectName: string | null;
      subjectReference: string;
      /** @description the threshold in force (R14) */
      threshold: number;
      /** @description frames aggregated before the alert (R16) */
      trackFrames: number;
    };
    AlertDecisionRevision: {
      at: string;
      by: string;
      /** @description the decider's display name; null without an account */
      byName: string | null;
      /** @description operator: confirm, reject, unable-to-determine; engagement: engaged, not-engaged */
      decision: string;
      decisionMs: number | null;
      id: string;
      note: string | null;
      /** @enum {string|null} */
      outcome: 'arrest' | 'other-disposal' | 'no-further-action' | 'not-the-person' | null;
      /** @description why the decision was revised; null for the first */
      reason: string | null;
      /** @description 1 for the first record of the stage, then 2, 3... */
      revision: number;
      /** @enum {string} */
      stage: 'operator' | 'engagement';
      /** @description the id of the revision this one supersedes */
      supersedes: string | null;
    };
    AlertDecisionRevisionInput: {
      at: string;
      by: string;
      /** @description the decider's display name; null without an account */
      byName: string | null;
      /** @description operator: confirm, reject, unable-to-determine; engagement: engaged, not-engaged */
      decision: string;
      decisionMs: number | null;
      id: string;
      note: string | null;
      /** @enum {string|null} */
      outcome: 'arrest' | 'other-disposal' | 'no-further-action' | 'not-the-person' | null;
      /** @description why the decision was revised; null for the first */
      reason: string | null;
      /** @description 1 for the first record of the stage, then 2, 3... */
      revision: number;
      /** @enum {string} */
      stage: 'operator' | 'engagement';
      /** @description the id of the revision this one supersedes */
      supersedes: string | null;
    };
    AlertInput: {
      /** @description when the kept (best-scoring) crop was captured */
      bestCapturedAt: string;
      cameraId: string;
      /** @description the camera's name when the alert was raised */
      cameraName: string | null;
      capturedAt: string;
      category: string;
      createdAt: string;
      deploymentId: string;
      engagement: {
        at: string;
        by: string;
        engaged: boolean;
        note: string | null;
        /** @enum {string|null} */
        outcome: 'arrest' | 'other-disposal' | 'no-further-action' | 'not-the-person' | null;
      } | null;
      entryId: string;
      hasProbeImage: boolean;
      hasReferenceImage: boolean;
      /** @description every decision recorded on this alert, by stage and revision (the current one is the last) */
      history: components['schemas']['AlertDecisionRevisionInput'][];
      id: string;
      investigationRef: string | null;
      /** @description the latest sighting grouped into this alert (the first: `capturedAt`) */
      lastSeenAt: string;
      operator: {
        at: string;
        by: string;
        /** @enum {string} */
        decision: 'confirm' | 'reject' | 'unable-to-determine';
        decisionMs: number;
      } | null;
      score: number;
      /** @description sightings of this person on this camera grouped into this alert (R16): 1 when first raised */
      seenCount: number;
      /** @description the deployment's stream position of this alert's latest change (the event id in the stream): of two copies of an alert, the larger is newer */
      seq: number;
      subjectId: string;
      /** @description the subject's name when the alert was raised */
      subjectName: string | null;
      subjectReference: string;
      /** @description the threshold in force (R14) */
      threshold: number;
      /** @description frames aggregated before the alert (R16) */
      trackFrames: number;
    };
    ApiToken: {
      active: boolean;
      createdAt: string;
      createdBy: string;
      expiresAt: string | null;
      id: string;
      lastUsedAt: string | null;
      name: string;
      revokedAt: string | null;
      userId: string;
    };
    ApiTokenInput: {
      active: boolean;
      createdAt: string;
      createdBy: string;
      expiresAt: string | null;
      id: string;
      lastUsedAt: string | null;
      name: string;
      revokedAt: string | null;
      userId: string;
    };
    ArchiveBatch: {
      caseId: string;
      createdAt: string;
      /** @description image and video files the scan found; null until it has run */
      filesTotal: number | null;
      /** @description the folder as resolved on the server (symlinks followed): what is scanned */
      folder: string;
      id: string;
      provenance: string;
      requestedBy: string;
      scannedAt: string | null;
    };
    ArchiveBatchInput: {
      caseId: string;
      createdAt: string;
      /** @description image and video files the scan found; null until it has run */
      filesTotal: number | null;
      /** @description the folder as resolved on the server (symlinks followed): what is scanned */
      folder: string;
      id: string;
      provenance: string;
      requestedBy: string;
      scannedAt: string | null;
    };
    ArchiveMatch: {
      box: {
        height: number;
        width: number;
        x: number;
        y: number;
      };
      /** @description video: when the track was first seen */
      firstMs: number | null;
      frameIndex: number | null;
      /** @enum {string} */
      kind: 'image' | 'video';
      /** @description video: when the track was last seen */
      lastMs: number | null;
      path: string;
      /** @description cosine similarity with the probe face, -1..1 */
      score: number;
      sha256: string;
      /** @description video: the best frame's time from the start */
      timestampMs: number | null;
      trackNo: number | null;
    };
    ArchiveMatchInput: {
      box: {
        height: number;
        width: number;
        x: number;
        y: number;
      };
      /** @description video: when the track was first seen */
      firstMs: number | null;
      frameIndex: number | null;
      /** @enum {string} */
      kind: 'image' | 'video';
      /** @description video: when the track was last seen */
      lastMs: number | null;
      path: string;
      /** @description cosine similarity with the probe face, -1..1 */
      score: number;
      sha256: string;
      /** @description video: the best frame's time from the start */
      timestampMs: number | null;
      trackNo: number | null;
    };
    Assessment: {
      approvedAt: string;
      approvedBy: string;
      createdAt: string;
      createdBy: string;
      documentSha256: string | null;
      id: string;
      /** @enum {string} */
      kind: 'dpia' | 'eia' | 'policy';
      summary: string;
      title: string;
      version: string;
    };
    AssessmentInput: {
      approvedAt: string;
      approvedBy: string;
      createdAt: string;
      createdBy: string;
      documentSha256: string | null;
      id: string;
      /** @enum {string} */
      kind: 'dpia' | 'eia' | 'policy';
      summary: string;
      title: string;
      version: string;
    };
    AuditEntry: {
      action: string;
      actor: string | null;
      /** @description the actor's display name when the actor is a user of this installation */
      actorName: string | null;
      at: string;
      details: {
        [key: string]: unknown;
      };
      hash: string;
      /** @enum {string} */
      outcome: 'ok' | 'denied' | 'failed';
      seq: number;
      target: {
        id: string;
        type: string;
      } | null;
    };
    AuditEntryInput: {
      action: string;
      actor: string | null;
      /** @description the actor's display name when the actor is a user of this installation */
      actorName: string | null;
      at: string;
      details: {
        [key: string]: unknown;
      };
      hash: string;
      /** @enum {string} */
      outcome: 'ok' | 'denied' | 'failed';
      seq: number;
      target: {
        id: string;
        type: string;
      } | null;
    };
    AuditStatus: {
      breaks: number;
      checkedAt: string | null;
      compared: string[];
      /** @description entries verified intact by the last check */
      entries: number;
      /** @description false: this process does not check the chain continuously */
      monitored: boolean;
      /** @description the first thing found wrong: the console shows it to auditors as a red banner */
      problem: {
        message: string;
        problem: string;
        seq: number | null;
      } | null;
      /**
       * @description attention: entries found without a witness line at start-up (a crash, or a forged append while the server was down) await acknowledgement; the server stays ready
       * @enum {string}
       */
      state: 'ok' | 'attention' | 'broken' | 'unchecked';
      triggersRestored: number;
      witness: {
        configured: boolean;
        lines: number;
        /** @description other machines' witness files read too */
        peers: number;
        pending: number;
        /** @description state attention: the entries to compare with the log of the crash and acknowledge */
        unwitnessed: {
          count: number;
          fromSeq: number;
          throughSeq: number;
        } | null;
      };
    };
    AuditStatusInput: {
      breaks: number;
      checkedAt: string | null;
      compared: string[];
      /** @description entries verified intact by the last check */
      entries: number;
      /** @description false: this process does not check the chain continuously */
      monitored: boolean;
      /** @description the first thing found wrong: the console shows it to auditors as a red banner */
      problem: {
        message: string;
        problem: string;
        seq: number | null;
      } | null;
      /**
       * @description attention: entries found without a witness line at start-up (a crash, or a forged append while the server was down) await acknowledgement; the server stays ready
       * @enum {string}
       */
      state: 'ok' | 'attention' | 'broken' | 'unchecked';
      triggersRestored: number;
      witness: {
        configured: boolean;
        lines: number;
        /** @description other machines' witness files read too */
        peers: number;
        pending: number;
        /** @description state attention: the entries to compare with the log of the crash and acknowledge */
        unwitnessed: {
          count: number;
          fromSeq: number;
          throughSeq: number;
        } | null;
      };
    };
    Candidate: {
      /** @description the score is under the threshold in force: a weaker lead, shown apart from those above it */
      belowThreshold: boolean;
      /** @description null when the subject has since been deleted */
      displayName: string | null;
      examiner: {
        at: string;
        by: string;
        /** @enum {string} */
        decision: 'possible-match' | 'not-a-match' | 'inconclusive';
        note: string | null;
      } | null;
      /** @description every decision recorded on this candidate, by stage and revision (the current one is the last) */
      history: components['schemas']['DecisionRevision'][];
      imageId: string;
      officer: {
        at: string;
        by: string;
        /** @enum {string} */
        decision: 'accepted-as-lead' | 'rejected';
        note: string | null;
      } | null;
      rank: number;
      score: number;
      subjectId: string;
      subjectReference: string;
    };
    CandidateInput: {
      /** @description the score is under the threshold in force: a weaker lead, shown apart from those above it */
      belowThreshold: boolean;
      /** @description null when the subject has since been deleted */
      displayName: string | null;
      examiner: {
        at: string;
        by: string;
        /** @enum {string} */
        decision: 'possible-match' | 'not-a-match' | 'inconclusive';
        note: string | null;
      } | null;
      /** @description every decision recorded on this candidate, by stage and revision (the current one is the last) */
      history: components['schemas']['DecisionRevisionInput'][];
      imageId: string;
      officer: {
        at: string;
        by: string;
        /** @enum {string} */
        decision: 'accepted-as-lead' | 'rejected';
        note: string | null;
      } | null;
      rank: number;
      score: number;
      subjectId: string;
      subjectReference: string;
    };
    Case: {
      authorisationRef: string | null;
      createdAt: string;
      createdBy: string;
      id: string;
      offenceType: string;
      reference: string;
      /** @enum {string} */
      status: 'open' | 'closed';
      title: string;
    };
    CaseInput: {
      authorisationRef: string | null;
      createdAt: string;
      createdBy: string;
      id: string;
      offenceType: string;
      reference: string;
      /** @enum {string} */
      status: 'open' | 'closed';
      title: string;
    };
    DecisionRevision: {
      at: string;
      by: string;
      /** @description the decider's display name; null without an account */
      byName: string | null;
      decision: string;
      id: string;
      note: string | null;
      /** @description why the decision was revised; null for the first */
      reason: string | null;
      /** @description 1 for the first decision of the stage, then 2, 3... */
      revision: number;
      /** @enum {string} */
      stage: 'examiner' | 'officer';
      /** @description the id of the revision this one supersedes */
      supersedes: string | null;
    };
    DecisionRevisionInput: {
      at: string;
      by: string;
      /** @description the decider's display name; null without an account */
      byName: string | null;
      decision: string;
      id: string;
      note: string | null;
      /** @description why the decision was revised; null for the first */
      reason: string | null;
      /** @description 1 for the first decision of the stage, then 2, 3... */
      revision: number;
      /** @enum {string} */
      stage: 'examiner' | 'officer';
      /** @description the id of the revision this one supersedes */
      supersedes: string | null;
    };
    Deployment: {
      authorisation: {
        at: string;
        by: string;
        expectedFalseAlerts: number;
        note: string | null;
        watchlistSize: number;
      } | null;
      cameraCount: number;
      categories: string[];
      closedAt: string | null;
      closeReason: string | null;
      counts: {
        alerts: number;
        /** @description faces dropped by quality reason (R15) */
        dropped: {
          [key: string]: number;
        };
        facesCompared: number;
        facesSeen: number;
        tracks: number;
      };
      createdAt: string;
      createdBy: string;
      dpiaVersion: string;
      eiaVersion: string;
      id: string;
      intelligenceCase: string;
      locationBoundary: string;
      locationName: string;
      locationReason: string;
      /** @description after close: who was on the watchlist, without biometrics (R11) */
      manifest:
        | {
            addedAt: string;
            addedBy: string;
            category: string;
            reference: string;
            subjectId: string;
          }[]
        | null;
      modelId: string;
      name: string;
      notice: {
        exception?: string;
        publishedAt?: string;
        signage?: string;
      };
      plannedEnd: string;
      plannedFootfall: number;
      plannedStart: string;
      policingObjective: string;
      policyVersion: string;
      reviewedBy: string | null;
      startedAt: string | null;
      /** @enum {string} */
      status: 'draft' | 'authorised' | 'live' | 'closed' | 'reviewed';
      threshold: number;
      type: string;
    };
    DeploymentInput: {
      authorisation: {
        at: string;
        by: string;
        expectedFalseAlerts: number;
        note: string | null;
        watchlistSize: number;
      } | null;
      cameraCount: number;
      categories: string[];
      closedAt: string | null;
      closeReason: string | null;
      counts: {
        alerts: number;
        /** @description faces dropped by quality reason (R15) */
        dropped: {
          [key: string]: number;
        };
        facesCompared: number;
        facesSeen: number;
        tracks: number;
      };
      createdAt: string;
      createdBy: string;
      dpiaVersion: string;
      eiaVersion: string;
      id: string;
      intelligenceCase: string;
      locationBoundary: string;
      locationName: string;
      locationReason: string;
      /** @description after close: who was on the watchlist, without biometrics (R11) */
      manifest:
        | {
            addedAt: string;
            addedBy: string;
            category: string;
            reference: string;
            subjectId: string;
          }[]
        | null;
      modelId: string;
      name: string;
      notice: {
        exception?: string;
        publishedAt?: string;
        signage?: string;
      };
      plannedEnd: string;
      plannedFootfall: number;
      plannedStart: string;
      policingObjective: string;
      policyVersion: string;
      reviewedBy: string | null;
      startedAt: string | null;
      /** @enum {string} */
      status: 'draft' | 'authorised' | 'live' | 'closed' | 'reviewed';
      threshold: number;
      type: string;
    };
    Error: {
      error: {
        /** @description stable, machine-readable reason, e.g. "corrupt" or "too-many-bytes" */
        code: string;
        /** @description structured detail to act on, e.g. the quality gates an image failed */
        details?: {
          [key: string]: unknown;
        };
        /** @description for people; never contains internals */
        message: string;
      };
    };
    ErrorInput: {
      error: {
        /** @description stable, machine-readable reason, e.g. "corrupt" or "too-many-bytes" */
        code: string;
        /** @description structured detail to act on, e.g. the quality gates an image failed */
        details?: {
          [key: string]: unknown;
        };
        /** @description for people; never contains internals */
        message: string;
      };
    };
    LegalHold: {
      active: boolean;
      id: string;
      placedAt: string;
      placedBy: string;
      reason: string;
      reference: string;
      releasedAt: string | null;
      releasedBy: string | null;
      releaseNote: string | null;
      targetId: string;
      /** @enum {string} */
      targetType: 'case' | 'deployment' | 'alert' | 'subject';
    };
    LegalHoldInput: {
      active: boolean;
      id: string;
      placedAt: string;
      placedBy: string;
      reason: string;
      reference: string;
      releasedAt: string | null;
      releasedBy: string | null;
      releaseNote: string | null;
      targetId: string;
      /** @enum {string} */
      targetType: 'case' | 'deployment' | 'alert' | 'subject';
    };
    Me: {
      /** @description send it as X-CSRF-Token with every POST, PUT, PATCH and DELETE made with the session cookie */
      csrfToken: string | null;
      /** @description the password was set by an administrator: nothing but POST /v1/auth/password is open until it changes */
      passwordChangeRequired: boolean;
      /** @description what this user may do: the console shows only these actions */
      permissions: (
        | 'public'
        | 'authenticated'
        | 'system:read'
        | 'models:read'
        | 'faces:detect'
        | 'faces:compare'
        | 'gallery:read'
        | 'gallery:enrol'
        | 'gallery:delete'
        | 'gallery:view-images'
        | 'gallery:break-glass'
        | 'cases:read'
        | 'cases:write'
        | 'search:run'
        | 'search:examine'
        | 'search:decide'
        | 'search:supervise'
        | 'search:statistics'
        | 'archive:ingest'
        | 'archive:search'
        | 'users:admin'
        | 'audit:read'
        | 'audit:verify'
        | 'reports:read'
        | 'reports:export'
        | 'assessments:read'
        | 'assessments:write'
        | 'thresholds:change'
        | 'retention:admin'
        | 'jobs:admin'
        | 'deployments:read'
        | 'deployments:write'
        | 'deployments:authorise'
        | 'deployments:operate'
        | 'watchlists:read'
        | 'watchlists:write'
        | 'cameras:read'
        | 'cameras:write'
        | 'alerts:read'
        | 'alerts:adjudicate'
        | 'alerts:engage'
      )[];
      roles: (
        | 'authorising-officer'
        | 'watchlist-manager'
        | 'operator'
        | 'engagement-officer'
        | 'investigator'
        | 'rfr-supervisor'
        | 'auditor'
        | 'administrator'
      )[];
      user: {
        displayName: string;
        id: string;
        username: string;
      };
      /** @enum {string} */
      via: 'session' | 'token';
    };
    MeInput: {
      /** @description send it as X-CSRF-Token with every POST, PUT, PATCH and DELETE made with the session cookie */
      csrfToken: string | null;
      /** @description the password was set by an administrator: nothing but POST /v1/auth/password is open until it changes */
      passwordChangeRequired: boolean;
      /** @description what this user may do: the console shows only these actions */
      permissions: (
        | 'public'
        | 'authenticated'
        | 'system:read'
        | 'models:read'
        | 'faces:detect'
        | 'faces:compare'
        | 'gallery:read'
        | 'gallery:enrol'
        | 'gallery:delete'
        | 'gallery:view-images'
        | 'gallery:break-glass'
        | 'cases:read'
        | 'cases:write'
        | 'search:run'
        | 'search:examine'
        | 'search:decide'
        | 'search:supervise'
        | 'search:statistics'
        | 'archive:ingest'
        | 'archive:search'
        | 'users:admin'
        | 'audit:read'
        | 'audit:verify'
        | 'reports:read'
        | 'reports:export'
        | 'assessments:read'
        | 'assessments:write'
        | 'thresholds:change'
        | 'retention:admin'
        | 'jobs:admin'
        | 'deployments:read'
        | 'deployments:write'
        | 'deployments:authorise'
        | 'deployments:operate'
        | 'watchlists:read'
        | 'watchlists:write'
        | 'cameras:read'
        | 'cameras:write'
        | 'alerts:read'
        | 'alerts:adjudicate'
        | 'alerts:engage'
      )[];
      roles: (
        | 'authorising-officer'
        | 'watchlist-manager'
        | 'operator'
        | 'engagement-officer'
        | 'investigator'
        | 'rfr-supervisor'
        | 'auditor'
        | 'administrator'
      )[];
      user: {
        displayName: string;
        id: string;
        username: string;
      };
      /** @enum {string} */
      via: 'session' | 'token';
    };
    ModelCard: {
      intendedUse?: string;
      licence: string;
      licenceRestricted?: boolean;
      limitations?: string;
      metrics?: {
        [key: string]: number | string;
      };
      name: string;
      sha256?: string;
      source: string;
      trainingData: string;
      version: string;
    };
    ModelCardInput: {
      intendedUse?: string;
      licence: string;
      licenceRestricted?: boolean;
      limitations?: string;
      metrics?: {
        [key: string]: number | string;
      };
      name: string;
      sha256?: string;
      source: string;
      trainingData: string;
      version: string;
    };
    PeriodicReport: {
      readonly biasReports: (
        | {
            /** @enum {boolean} */
            available: true;
            bestGroup: string | null;
            ciMethod: string;
            conservativeRatio: number | null;
            dataset: string;
            readonly groups: {
              ciHigh: number | null;
              ciLow: number | null;
              falseMatches: number;
              fmr: number | null;
              gender: string;
              group: string;
              pairs: number;
              race: string;
            }[];
            measuredAt: string;
            modelId: string;
            operatingFmr: string | null;
            pooledFmr: number | null;
            source: string;
            threshold: number;
            readonly thresholdsInUse: {
              count: number;
              /** @description the bias report threshold id measured at this value; null: not measured */
              measuredAs: string | null;
              threshold: number;
              /** @enum {string} */
              use: 'live' | 'retrospective';
            }[];
            worstGroup: string | null;
            worstToBestRatio: number | null;
          }
        | {
            /** @enum {boolean} */
            available: false;
            modelId: string;
            reason: string;
            readonly thresholdsInUse: {
              count: number;
              /** @description the bias report threshold id measured at this value; null: not measured */
              measuredAs: string | null;
              threshold: number;
              /** @enum {string} */
              use: 'live' | 'retrospective';
            }[];
          }
      )[];
      readonly byCategory: {
        arrestsOrDisposals: number;
        category: string;
        falseAlertsPerAlert: number | null;
        incorrectAlerts: number;
        incorrectInterventions: number;
        outcomes: {
          arrest: number;
          'no-further-action': number;
          'not-recorded': number;
          'not-the-person': number;
          'other-disposal': number;
        };
        positiveAlerts: number;
        positiveInterventions: number;
        totalAlerts: number;
        undeterminedAlerts: number;
      }[];
      readonly definitions: string[];
      /** @description the deployment record (R24) of each deployment in the period */
      readonly deployments: {
        arrestsOrDisposals: number;
        cameras: number;
        date: string;
        deployment: string;
        deploymentId: string;
        durationMinutes: number;
        facesSeen: number;
        incorrectAlertRate: number | null;
        incorrectAlerts: number;
        incorrectInterventions: number;
        positiveAlerts: number;
        positiveInterventions: number;
        status: string;
        threshold: number;
        totalAlerts: number;
        type: string;
        watchlistSize: number;
      }[];
      falseAlertsByGroup: {
        readonly groups: {
          arrestsOrDisposals: number;
          falseAlertsPerAlert: number | null;
          group: string;
          incorrectAlerts: number;
          incorrectInterventions: number;
          positiveAlerts: number;
          positiveInterventions: number;
          totalAlerts: number;
          undeterminedAlerts: number;
        }[];
        note: string;
        notRecorded: {
          arrestsOrDisposals: number;
          falseAlertsPerAlert: number | null;
          incorrectAlerts: number;
          incorrectInterventions: number;
          positiveAlerts: number;
          positiveInterventions: number;
          totalAlerts: number;
          undeterminedAlerts: number;
        };
        recordedAlerts: number;
      };
      generatedAt: string;
      /** @enum {string} */
      kind: 'vigil.periodic-report';
      readonly notDeployed: {
        deployment: string;
        deploymentId: string;
        plannedStart: string;
        status: string;
      }[];
      period: {
        from: string;
        to: string;
      };
      retrospective: {
        readonly byOffenceType: {
          /** @description the hit rate: searches with a candidate accepted as a lead / searches */
          acceptedLeadRate: number | null;
          offenceType: string;
          possibleMatchRate: number | null;
          searches: number;
          supervisorReviewed: number;
          withAcceptedLead: number;
          withPossibleMatch: number;
        }[];
        totals: {
          /** @description the hit rate: searches with a candidate accepted as a lead / searches */
          acceptedLeadRate: number | null;
          possibleMatchRate: number | null;
          searches: number;
          supervisorReviewed: number;
          withAcceptedLead: number;
          withPossibleMatch: number;
        };
      };
      totals: {
        arrestsOrDisposals: number;
        cameras: number;
        deployments: number;
        engagements: {
          engaged: number;
          notEngaged: number;
          notRecorded: number;
        };
        facesSeen: number;
        falseAlertsPerAlert: number | null;
        falseAlertsPerFaceSeen: number | null;
        hoursDeployed: number;
        incorrectAlerts: number;
        incorrectInterventions: number;
        minutesDeployed: number;
        operatorDecisions: {
          confirm: number;
          pending: number;
          reject: number;
          'unable-to-determine': number;
        };
        outcomes: {
          arrest: number;
          'no-further-action': number;
          'not-recorded': number;
          'not-the-person': number;
          'other-disposal': number;
        };
        positiveAlerts: number;
        positiveInterventions: number;
        totalAlerts: number;
        undeterminedAlerts: number;
      };
      /** @enum {number} */
      version: 1;
    };
    PeriodicReportInput: {
      readonly biasReports: (
        | {
            /** @enum {boolean} */
            available: true;
            bestGroup: string | null;
            ciMethod: string;
            conservativeRatio: number | null;
            dataset: string;
            readonly groups: {
              ciHigh: number | null;
              ciLow: number | null;
              falseMatches: number;
              fmr: number | null;
              gender: string;
              group: string;
              pairs: number;
              race: string;
            }[];
            measuredAt: string;
            modelId: string;
            operatingFmr: string | null;
            pooledFmr: number | null;
            source: string;
            threshold: number;
            readonly thresholdsInUse: {
              count: number;
              /** @description the bias report threshold id measured at this value; null: not measured */
              measuredAs: string | null;
              threshold: number;
              /** @enum {string} */
              use: 'live' | 'retrospective';
            }[];
            worstGroup: string | null;
            worstToBestRatio: number | null;
          }
        | {
            /** @enum {boolean} */
            available: false;
            modelId: string;
            reason: string;
            readonly thresholdsInUse: {
              count: number;
              /** @description the bias report threshold id measured at this value; null: not measured */
              measuredAs: string | null;
              threshold: number;
              /** @enum {string} */
              use: 'live' | 'retrospective';
            }[];
          }
      )[];
      readonly byCategory: {
        arrestsOrDisposals: number;
        category: string;
        falseAlertsPerAlert: number | null;
        incorrectAlerts: number;
        incorrectInterventions: number;
        outcomes: {
          arrest: number;
          'no-further-action': number;
          'not-recorded': number;
          'not-the-person': number;
          'other-disposal': number;
        };
        positiveAlerts: number;
        positiveInterventions: number;
        totalAlerts: number;
        undeterminedAlerts: number;
      }[];
      readonly definitions: string[];
      /** @description the deployment record (R24) of each deployment in the period */
      readonly deployments: {
        arrestsOrDisposals: number;
        cameras: number;
        date: string;
        deployment: string;
        deploymentId: string;
        durationMinutes: number;
        facesSeen: number;
        incorrectAlertRate: number | null;
        incorrectAlerts: number;
        incorrectInterventions: number;
        positiveAlerts: number;
        positiveInterventions: number;
        status: string;
        threshold: number;
        totalAlerts: number;
        type: string;
        watchlistSize: number;
      }[];
      falseAlertsByGroup: {
        readonly groups: {
          arrestsOrDisposals: number;
          falseAlertsPerAlert: number | null;
          group: string;
          incorrectAlerts: number;
          incorrectInterventions: number;
          positiveAlerts: number;
          positiveInterventions: number;
          totalAlerts: number;
          undeterminedAlerts: number;
        }[];
        note: string;
        notRecorded: {
          arrestsOrDisposals: number;
          falseAlertsPerAlert: number | null;
          incorrectAlerts: number;
          incorrectInterventions: number;
          positiveAlerts: number;
          positiveInterventions: number;
          totalAlerts: number;
          undeterminedAlerts: number;
        };
        recordedAlerts: number;
      };
      generatedAt: string;
      /** @enum {string} */
      kind: 'vigil.periodic-report';
      readonly notDeployed: {
        deployment: string;
        deploymentId: string;
        plannedStart: string;
        status: string;
      }[];
      period: {
        from: string;
        to: string;
      };
      retrospective: {
        readonly byOffenceType: {
          /** @description the hit rate: searches with a candidate accepted as a lead / searches */
          acceptedLeadRate: number | null;
          offenceType: string;
          possibleMatchRate: number | null;
          searches: number;
          supervisorReviewed: number;
          withAcceptedLead: number;
          withPossibleMatch: number;
        }[];
        totals: {
          /** @description the hit rate: searches with a candidate accepted as a lead / searches */
          acceptedLeadRate: number | null;
          possibleMatchRate: number | null;
          searches: number;
          supervisorReviewed: number;
          withAcceptedLead: number;
          withPossibleMatch: number;
        };
      };
      totals: {
        arrestsOrDisposals: number;
        cameras: number;
        deployments: number;
        engagements: {
          engaged: number;
          notEngaged: number;
          notRecorded: number;
        };
        facesSeen: number;
        falseAlertsPerAlert: number | null;
        falseAlertsPerFaceSeen: number | null;
        hoursDeployed: number;
        incorrectAlerts: number;
        incorrectInterventions: number;
        minutesDeployed: number;
        operatorDecisions: {
          confirm: number;
          pending: number;
          reject: number;
          'unable-to-determine': number;
        };
        outcomes: {
          arrest: number;
          'no-further-action': number;
          'not-recorded': number;
          'not-the-person': number;
          'other-disposal': number;
        };
        positiveAlerts: number;
        positiveInterventions: number;
        totalAlerts: number;
        undeterminedAlerts: number;
      };
      /** @enum {number} */
      version: 1;
    };
    Probe: {
      caseId: string;
      createdAt: string;
      description: string | null;
      durationMs: number | null;
      filename: string | null;
      height: number;
      id: string;
      /** @enum {string} */
      kind: 'image' | 'video';
      /** @enum {string} */
      provenance: 'cctv' | 'social-media' | 'doorbell' | 'dashcam' | 'phone' | 'other';
      uploadedBy: string;
      width: number;
    };
    ProbeInput: {
      caseId: string;
      createdAt: string;
      description: string | null;
      durationMs: number | null;
      filename: string | null;
      height: number;
      id: string;
      /** @enum {string} */
      kind: 'image' | 'video';
      /** @enum {string} */
      provenance: 'cctv' | 'social-media' | 'doorbell' | 'dashcam' | 'phone' | 'other';
      uploadedBy: string;
      width: number;
    };
    ProbeTrack: {
      bestFrameMs: number;
      box: {
        height: number;
        width: number;
        x: number;
        y: number;
      };
      firstMs: number;
      frameCount: number;
      id: string;
      lastMs: number;
      quality: {
        brightness: number;
        interOcularPx: number;
        /** @description true when every quality gate passed (R15) */
        passed: boolean;
        pitchDeg: number;
        /** @description the gates that failed */
        reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
        sharpness: number;
        yawDeg: number;
      };
      trackNo: number;
    };
    ProbeTrackInput: {
      bestFrameMs: number;
      box: {
        height: number;
        width: number;
        x: number;
        y: number;
      };
      firstMs: number;
      frameCount: number;
      id: string;
      lastMs: number;
      quality: {
        brightness: number;
        interOcularPx: number;
        /** @description true when every quality gate passed (R15) */
        passed: boolean;
        pitchDeg: number;
        /** @description the gates that failed */
        reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
        sharpness: number;
        yawDeg: number;
      };
      trackNo: number;
    };
    PurgeCounts: {
      alertImages: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
      alertRecords: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
      caseFiles: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
      footage: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
      probes: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
    };
    PurgeCountsInput: {
      alertImages: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
      alertRecords: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
      caseFiles: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
      footage: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
      probes: {
        /** @description media files deleted */
        media: number;
        /** @description items acted on: alerts, video probes, probes or cases */
        records: number;
      };
    };
    PurgeRun: {
      actor: string | null;
      auditSeq: number | null;
      counts: components['schemas']['PurgeCounts'];
      errors: string[];
      finishedAt: string | null;
      /** @description items that were due but kept by a legal hold, per class */
      held: {
        alertImages: number;
        alertRecords: number;
        caseFiles: number;
        footage: number;
        probes: number;
      };
      id: string;
      mediaDeleted: number;
      mediaQueued: number;
      startedAt: string;
      /**
       * @description 'applied': committed but interrupted before its files were deleted (the next run deletes them)
       * @enum {string}
       */
      status: 'applied' | 'completed' | 'completed-with-errors' | 'failed';
      /** @enum {string} */
      trigger: 'schedule' | 'manual';
      /** @description the windows in force for the run */
      windows: {
        [key: string]: number;
      };
    };
    PurgeRunInput: {
      actor: string | null;
      auditSeq: number | null;
      counts: components['schemas']['PurgeCountsInput'];
      errors: string[];
      finishedAt: string | null;
      /** @description items that were due but kept by a legal hold, per class */
      held: {
        alertImages: number;
        alertRecords: number;
        caseFiles: number;
        footage: number;
        probes: number;
      };
      id: string;
      mediaDeleted: number;
      mediaQueued: number;
      startedAt: string;
      /**
       * @description 'applied': committed but interrupted before its files were deleted (the next run deletes them)
       * @enum {string}
       */
      status: 'applied' | 'completed' | 'completed-with-errors' | 'failed';
      /** @enum {string} */
      trigger: 'schedule' | 'manual';
      /** @description the windows in force for the run */
      windows: {
        [key: string]: number;
      };
    };
    ReferenceImage: {
      addedBy: string;
      captureDate: string | null;
      createdAt: string;
      format: string;
      height: number;
      id: string;
      legalBasis: string;
      quality: {
        brightness: number;
        interOcularPx: number;
        /** @description true when every quality gate passed (R15) */
        passed: boolean;
        pitchDeg: number;
        /** @description the gates that failed */
        reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
        sharpness: number;
        yawDeg: number;
      };
      reason: string;
      source: string;
      subjectId: string;
      width: number;
    };
    ReferenceImageInput: {
      addedBy: string;
      captureDate: string | null;
      createdAt: string;
      format: string;
      height: number;
      id: string;
      legalBasis: string;
      quality: {
        brightness: number;
        interOcularPx: number;
        /** @description true when every quality gate passed (R15) */
        passed: boolean;
        pitchDeg: number;
        /** @description the gates that failed */
        reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
        sharpness: number;
        yawDeg: number;
      };
      reason: string;
      source: string;
      subjectId: string;
      width: number;
    };
    RetentionPolicy: {
      classes: {
        action: string;
        /** @enum {string} */
        dataClass: 'alertImages' | 'alertRecords' | 'footage' | 'probes' | 'caseFiles';
        keptWhen: string;
        measuredFrom: string;
        requirement: string;
        window: {
          /** @enum {string} */
          unit: 'hours' | 'days';
          value: number;
        };
      }[];
      holds: string;
      linkedAlertImages: {
        /** @enum {string} */
        unit: 'days';
        value: number;
      };
      neverPurged: {
        dataClass: string;
        reason: string;
      }[];
      schedule: {
        everyMinutes: number;
      };
    };
    RetentionPolicyInput: {
      classes: {
        action: string;
        /** @enum {string} */
        dataClass: 'alertImages' | 'alertRecords' | 'footage' | 'probes' | 'caseFiles';
        keptWhen: string;
        measuredFrom: string;
        requirement: string;
        window: {
          /** @enum {string} */
          unit: 'hours' | 'days';
          value: number;
        };
      }[];
      holds: string;
      linkedAlertImages: {
        /** @enum {string} */
        unit: 'days';
        value: number;
      };
      neverPurged: {
        dataClass: string;
        reason: string;
      }[];
      schedule: {
        everyMinutes: number;
      };
    };
    ReviewedSearch: {
      candidateCount: number;
      caseId: string;
      createdAt: string;
      enhancements: (
        | {
            height: number;
            /** @enum {string} */
            op: 'crop';
            width: number;
            x: number;
            y: number;
          }
        | {
            degrees: number;
            /** @enum {string} */
            op: 'rotate';
          }
        | {
            factor: number;
            /** @enum {string} */
            op: 'brightness';
          }
        | {
            factor: number;
            /** @enum {string} */
            op: 'contrast';
          }
        | {
            /** @enum {string} */
            op: 'grayscale';
          }
        | {
            /** @enum {string} */
            axis: 'horizontal' | 'vertical';
            /** @enum {string} */
            op: 'flip';
          }
      )[];
      faceIndex: number;
      id: string;
      justification: string;
      legalBasis: string;
      maxCandidates: number;
      modelId: string;
      offenceType: string;
      policyMinScore: number | null;
      probeId: string;
      provenance: string;
      requestedBy: string;
      /** @description the face searched, as recorded with the search; null for searches recorded before it was */
      searchedFace: components['schemas']['SearchedFace'] | null;
      supervisorReview: {
        at: string;
        by: string;
        note: string;
      } | null;
      /** @description oldest first */
      supervisorReviews: components['schemas']['SupervisorReview'][];
      thresholdInForce: number;
      trackId: string | null;
    };
    ReviewedSearchInput: {
      candidateCount: number;
      caseId: string;
      createdAt: string;
      enhancements: (
        | {
            height: number;
            /** @enum {string} */
            op: 'crop';
            width: number;
            x: number;
            y: number;
          }
        | {
            degrees: number;
            /** @enum {string} */
            op: 'rotate';
          }
        | {
            factor: number;
            /** @enum {string} */
            op: 'brightness';
          }
        | {
            factor: number;
            /** @enum {string} */
            op: 'contrast';
          }
        | {
            /** @enum {string} */
            op: 'grayscale';
          }
        | {
            /** @enum {string} */
            axis: 'horizontal' | 'vertical';
            /** @enum {string} */
            op: 'flip';
          }
      )[];
      faceIndex: number;
      id: string;
      justification: string;
      legalBasis: string;
      maxCandidates: number;
      modelId: string;
      offenceType: string;
      policyMinScore: number | null;
      probeId: string;
      provenance: string;
      requestedBy: string;
      /** @description the face searched, as recorded with the search; null for searches recorded before it was */
      searchedFace: components['schemas']['SearchedFaceInput'] | null;
      supervisorReview: {
        at: string;
        by: string;
        note: string;
      } | null;
      /** @description oldest first */
      supervisorReviews: components['schemas']['SupervisorReviewInput'][];
      thresholdInForce: number;
      trackId: string | null;
    };
    RoleGrant: {
      decidedAt: string | null;
      decidedBy: string | null;
      id: string;
      reason: string | null;
      requestedAt: string;
      requestedBy: string;
      /** @description the roles being added, each reaching biometric data */
      roles: (
        | 'authorising-officer'
        | 'watchlist-manager'
        | 'operator'
        | 'engagement-officer'
        | 'investigator'
        | 'rfr-supervisor'
        | 'auditor'
        | 'administrator'
      )[];
      /** @enum {string} */
      status: 'pending' | 'approved' | 'refused';
      userId: string;
    };
    RoleGrantInput: {
      decidedAt: string | null;
      decidedBy: string | null;
      id: string;
      reason: string | null;
      requestedAt: string;
      requestedBy: string;
      /** @description the roles being added, each reaching biometric data */
      roles: (
        | 'authorising-officer'
        | 'watchlist-manager'
        | 'operator'
        | 'engagement-officer'
        | 'investigator'
        | 'rfr-supervisor'
        | 'auditor'
        | 'administrator'
      )[];
      /** @enum {string} */
      status: 'pending' | 'approved' | 'refused';
      userId: string;
    };
    Search: {
      candidateCount: number;
      caseId: string;
      createdAt: string;
      enhancements: (
        | {
            height: number;
            /** @enum {string} */
            op: 'crop';
            width: number;
            x: number;
            y: number;
          }
        | {
            degrees: number;
            /** @enum {string} */
            op: 'rotate';
          }
        | {
            factor: number;
            /** @enum {string} */
            op: 'brightness';
          }
        | {
            factor: number;
            /** @enum {string} */
            op: 'contrast';
          }
        | {
            /** @enum {string} */
            op: 'grayscale';
          }
        | {
            /** @enum {string} */
            axis: 'horizontal' | 'vertical';
            /** @enum {string} */
            op: 'flip';
          }
      )[];
      faceIndex: number;
      id: string;
      justification: string;
      legalBasis: string;
      maxCandidates: number;
      modelId: string;
      offenceType: string;
      policyMinScore: number | null;
      probeId: string;
      provenance: string;
      requestedBy: string;
      /** @description the face searched, as recorded with the search; null for searches recorded before it was */
      searchedFace: components['schemas']['SearchedFace'] | null;
      supervisorReview: {
        at: string;
        by: string;
        note: string;
      } | null;
      thresholdInForce: number;
      trackId: string | null;
    };
    SearchedFace: {
      box: {
        height: number;
        width: number;
        x: number;
        y: number;
      };
      imageHeight: number;
      imageWidth: number;
      /** @description the quality gates of the searched face (R15): a probe that failed them gives weaker leads */
      quality: {
        passed: boolean;
        reasons: string[];
      } | null;
    };
    SearchedFaceInput: {
      box: {
        height: number;
        width: number;
        x: number;
        y: number;
      };
      imageHeight: number;
      imageWidth: number;
      /** @description the quality gates of the searched face (R15): a probe that failed them gives weaker leads */
      quality: {
        passed: boolean;
        reasons: string[];
      } | null;
    };
    SearchInput: {
      candidateCount: number;
      caseId: string;
      createdAt: string;
      enhancements: (
        | {
            height: number;
            /** @enum {string} */
            op: 'crop';
            width: number;
            x: number;
            y: number;
          }
        | {
            degrees: number;
            /** @enum {string} */
            op: 'rotate';
          }
        | {
            factor: number;
            /** @enum {string} */
            op: 'brightness';
          }
        | {
            factor: number;
            /** @enum {string} */
            op: 'contrast';
          }
        | {
            /** @enum {string} */
            op: 'grayscale';
          }
        | {
            /** @enum {string} */
            axis: 'horizontal' | 'vertical';
            /** @enum {string} */
            op: 'flip';
          }
      )[];
      faceIndex: number;
      id: string;
      justification: string;
      legalBasis: string;
      maxCandidates: number;
      modelId: string;
      offenceType: string;
      policyMinScore: number | null;
      probeId: string;
      provenance: string;
      requestedBy: string;
      /** @description the face searched, as recorded with the search; null for searches recorded before it was */
      searchedFace: components['schemas']['SearchedFaceInput'] | null;
      supervisorReview: {
        at: string;
        by: string;
        note: string;
      } | null;
      thresholdInForce: number;
      trackId: string | null;
    };
    Subject: {
      category: string | null;
      createdAt: string;
      createdBy: string;
      dateOfBirth: string | null;
      displayName: string;
      id: string;
      reference: string;
    };
    SubjectInput: {
      category: string | null;
      createdAt: string;
      createdBy: string;
      dateOfBirth: string | null;
      displayName: string;
      id: string;
      reference: string;
    };
    SupervisorReview: {
      at: string;
      by: string;
      byName: string | null;
      note: string;
    };
    SupervisorReviewInput: {
      at: string;
      by: string;
      byName: string | null;
      note: string;
    };
    User: {
      createdAt: string;
      createdBy: string;
      disabled: boolean;
      displayName: string;
      hasPassword: boolean;
      id: string;
      /**
       * @description a machine has no password and no OIDC link; administrators may issue it API tokens
       * @enum {string}
       */
      kind: 'person' | 'machine';
      /** @description password login refused until then; null when not locked */
      lockedUntil: string | null;
      /** @description the password was set by an administrator: it only lets one choose a new one */
      mustChangePassword: boolean;
      oidcLinked: boolean;
      roles: (
        | 'authorising-officer'
        | 'watchlist-manager'
        | 'operator'
        | 'engagement-officer'
        | 'investigator'
        | 'rfr-supervisor'
        | 'auditor'
        | 'administrator'
      )[];
      username: string;
    };
    UserInput: {
      createdAt: string;
      createdBy: string;
      disabled: boolean;
      displayName: string;
      hasPassword: boolean;
      id: string;
      /**
       * @description a machine has no password and no OIDC link; administrators may issue it API tokens
       * @enum {string}
       */
      kind: 'person' | 'machine';
      /** @description password login refused until then; null when not locked */
      lockedUntil: string | null;
      /** @description the password was set by an administrator: it only lets one choose a new one */
      mustChangePassword: boolean;
      oidcLinked: boolean;
      roles: (
        | 'authorising-officer'
        | 'watchlist-manager'
        | 'operator'
        | 'engagement-officer'
        | 'investigator'
        | 'rfr-supervisor'
        | 'auditor'
        | 'administrator'
      )[];
      username: string;
    };
    UserWithGrants: {
      createdAt: string;
      createdBy: string;
      disabled: boolean;
      displayName: string;
      hasPassword: boolean;
      id: string;
      /**
       * @description a machine has no password and no OIDC link; administrators may issue it API tokens
       * @enum {string}
       */
      kind: 'person' | 'machine';
      /** @description password login refused until then; null when not locked */
      lockedUntil: string | null;
      /** @description the password was set by an administrator: it only lets one choose a new one */
      mustChangePassword: boolean;
      oidcLinked: boolean;
      /** @description roles that reach biometric data wait here until a second administrator approves them */
      pendingGrants: components['schemas']['RoleGrant'][];
      roles: (
        | 'authorising-officer'
        | 'watchlist-manager'
        | 'operator'
        | 'engagement-officer'
        | 'investigator'
        | 'rfr-supervisor'
        | 'auditor'
        | 'administrator'
      )[];
      username: string;
    };
    UserWithGrantsInput: {
      createdAt: string;
      createdBy: string;
      disabled: boolean;
      displayName: string;
      hasPassword: boolean;
      id: string;
      /**
       * @description a machine has no password and no OIDC link; administrators may issue it API tokens
       * @enum {string}
       */
      kind: 'person' | 'machine';
      /** @description password login refused until then; null when not locked */
      lockedUntil: string | null;
      /** @description the password was set by an administrator: it only lets one choose a new one */
      mustChangePassword: boolean;
      oidcLinked: boolean;
      /** @description roles that reach biometric data wait here until a second administrator approves them */
      pendingGrants: components['schemas']['RoleGrantInput'][];
      roles: (
        | 'authorising-officer'
        | 'watchlist-manager'
        | 'operator'
        | 'engagement-officer'
        | 'investigator'
        | 'rfr-supervisor'
        | 'auditor'
        | 'administrator'
      )[];
      username: string;
    };
    WatchlistEntry: {
      addedAt: string;
      addedBy: string;
      category: string;
      /** @description template and image destroyed at close (R10) */
      destroyed: boolean;
      id: string;
      imageDate: string | null;
      legalBasis: string;
      qualityPassed: boolean;
      reason: string;
      source: string;
      subjectId: string;
      subjectReference: string;
      under18Override: string | null;
    };
    WatchlistEntryInput: {
      addedAt: string;
      addedBy: string;
      category: string;
      /** @description template and image destroyed at close (R10) */
      destroyed: boolean;
      id: string;
      imageDate: string | null;
      legalBasis: string;
      qualityPassed: boolean;
      reason: string;
      source: string;
      subjectId: string;
      subjectReference: string;
      under18Override: string | null;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ok';
          };
        };
      };
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description each dependency the API needs, e.g. the face engine */
            checks: {
              [key: string]: 'up' | 'down';
            };
            ready: boolean;
            /** @description when not ready: why, e.g. "audit-chain-broken", "database-down", "shutting-down" */
            reasons?: string[];
          };
        };
      };
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description each dependency the API needs, e.g. the face engine */
            checks: {
              [key: string]: 'up' | 'down';
            };
            ready: boolean;
            /** @description when not ready: why, e.g. "audit-chain-broken", "database-down", "shutting-down" */
            reasons?: string[];
          };
        };
      };
    };
  };
  getAlert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alertId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Alert'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  adjudicateAlert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alertId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'confirm' | 'reject' | 'unable-to-determine';
          /** @description required to correct a decision already recorded (only its author may); the earlier one is kept */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Alert'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  recordEngagement: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alertId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          engaged: boolean;
          note?: string;
          /** @enum {string} */
          outcome?: 'arrest' | 'other-disposal' | 'no-further-action' | 'not-the-person';
          /** @description required to correct a decision already recorded (only its author may); the earlier one is kept */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Alert'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  linkAlert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alertId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          investigationRef: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Alert'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getAlertProbe: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alertId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
          'image/png': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
        };
      };
    };
  };
  getAlertReference: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alertId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
          'image/png': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
        };
      };
    };
  };
  listAssessments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assessments: components['schemas']['Assessment'][];
          };
        };
      };
    };
  };
  recordAssessment: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date-time */
          approvedAt: string;
          approvedBy: string;
          documentSha256?: string;
          /** @enum {string} */
          kind: 'dpia' | 'eia' | 'policy';
          summary: string;
          title: string;
          version: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Assessment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listAudit: {
    parameters: {
      query?: {
        /** @description prefix, e.g. "search." or "deployment.authorised" */
        action?: string;
        actor?: string;
        from?: string;
        limit?: number;
        offset?: number;
        outcome?: 'ok' | 'denied' | 'failed';
        targetId?: string;
        targetType?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entries: components['schemas']['AuditEntry'][];
            total: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  auditStatus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditStatus'];
        };
      };
    };
  };
  verifyAudit: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            anchors: {
              checked: number;
              invalid: number;
              latest: {
                at: string;
                seq: number;
              } | null;
            };
            entries: number;
            firstBad: {
              message: string;
              problem: string;
              seq: number;
            } | null;
            head: {
              hash: string;
              seq: number;
            } | null;
            ok: boolean;
          };
        };
      };
    };
  };
  login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          password: string;
          username: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Me'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  oidcCallback: {
    parameters: {
      query?: {
        code?: string;
        error?: string;
        error_description?: string;
        iss?: string;
        session_state?: string;
        state?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description signed in: redirect to the console */
      302: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  oidcStart: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description redirect to the identity provider's authorization endpoint */
      302: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  authOptions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description sign-in through the identity provider is available at /v1/auth/oidc/start */
            oidc: boolean;
            /** @description no administrator exists yet: use POST /v1/setup with the printed token */
            setupRequired: boolean;
          };
        };
      };
    };
  };
  changePassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          currentPassword: string;
          /** @description at least 12 characters, not predictable, not the current one */
          newPassword: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listBiasReports: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            reports: {
              dataset: string;
              id: string;
              measuredAt: string;
              modelId: string;
              storedAt: string;
              storedBy: string;
              thresholds: {
                id: string;
                value: number;
              }[];
              /** @description signed by this installation's evaluation key and unchanged since (R27); only verified reports count */
              verified: boolean;
            }[];
          };
        };
      };
    };
  };
  storeBiasReport: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            modelId: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listCases: {
    parameters: {
      query?: {
        limit?: number;
        /** @description only cases the caller opened */
        mine?: 'true' | 'false';
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            cases: components['schemas']['Case'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createCase: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description authorisation reference where one is required (R32) */
          authorisationRef?: string;
          /** @description one of the configured offence types */
          offenceType: string;
          /** @description the case or crime reference */
          reference: string;
          title: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Case'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getCase: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            case: components['schemas']['Case'];
            probes: components['schemas']['Probe'][];
            searches: components['schemas']['Search'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getArchive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description oldest first */
            batches: components['schemas']['ArchiveBatch'][];
            caseId: string;
            done: number;
            /** @description faces indexed (one per face of an image, one per track of a video) */
            faces: number;
            failed: number;
            queued: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getArchiveBatch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        batchId: string;
        caseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            batch: components['schemas']['ArchiveBatch'];
            done: number;
            /** @description faces indexed (one per face of an image, one per track of a video) */
            faces: number;
            failed: number;
            failedFiles: {
              /** @enum {string} */
              kind: 'image' | 'video';
              path: string;
              /** @description why the file could not be indexed, e.g. "corrupt: ..." */
              reason: string | null;
              sha256: string;
            }[];
            /** @description the scan has run and none of the files this batch added is still queued */
            finished: boolean;
            queued: number;
            scan: {
              detail: string | null;
              /** @enum {string|null} */
              outcome: 'done' | 'skipped' | 'failed' | null;
              /** @enum {string} */
              state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ingestArchive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description absolute path of a folder on the server, inside one of the configured archive.roots */
          folder: string;
          /**
           * @description where the footage came from (R31)
           * @enum {string}
           */
          provenance: 'cctv' | 'social-media' | 'doorbell' | 'dashcam' | 'phone' | 'other';
        };
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ArchiveBatch'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  searchArchive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /** @description which face of the image to search with (0 = largest) */
          faceIndex?: string;
          /**
           * Format: binary
           * @description JPEG, PNG, WebP, GIF (first frame) or TIFF (first page)
           */
          image: string;
          /** @description most matches (default 20) */
          limit?: string;
          /** @description lowest score shown (default: the threshold in force for the model, R14) */
          minScore?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            caseId: string;
            facesCompared: number;
            /** @description best first */
            matches: components['schemas']['ArchiveMatch'][];
            minScore: number;
            modelId: string;
            /** @description these are leads, not identifications (R34) */
            notice: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  recordCaseAuthorisation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          authorisationRef: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Case'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  addCaseMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          username: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            members: string[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  addProbe: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          description?: string;
          /**
           * Format: binary
           * @description an image, or a video (MP4, MOV, MKV, WebM, AVI, GIF)
           */
          file: string;
          /**
           * @description where the probe came from (R31)
           * @enum {string}
           */
          provenance: 'cctv' | 'social-media' | 'doorbell' | 'dashcam' | 'phone' | 'other';
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description image probes: the faces found, largest first; pick one to search */
            faces: {
              box: {
                height: number;
                width: number;
                x: number;
                y: number;
              };
              /** @description eyes (image-left first), nose tip, mouth corners */
              landmarks: {
                x: number;
                y: number;
              }[];
              quality: {
                brightness: number;
                interOcularPx: number;
                /** @description true when every quality gate passed (R15) */
                passed: boolean;
                pitchDeg: number;
                /** @description the gates that failed */
                reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
                sharpness: number;
                yawDeg: number;
              };
              /** @description detector confidence, 0..1 */
              score: number;
            }[];
            probe: components['schemas']['Probe'];
            /** @description video probes: faces grouped by track (R37); pick one to search */
            tracks: components['schemas']['ProbeTrack'][];
            warnings: string[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getProbeContent: {
    parameters: {
      query?: {
        /** @description for a video probe: the track whose best frame (default: the first track's) */
        trackId?: string;
      };
      header?: never;
      path: {
        caseId: string;
        probeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': string;
          'image/jpeg': string;
          'image/png': string;
          'image/tiff': string;
          'image/webp': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
    };
  };
  listProbeFaces: {
    parameters: {
      query?: {
        /** @description for a video probe: the track whose best frame (default: the first track's) */
        trackId?: string;
      };
      header?: never;
      path: {
        caseId: string;
        probeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            faces: {
              box: {
                height: number;
                width: number;
                x: number;
                y: number;
              };
              /** @description eyes (image-left first), nose tip, mouth corners */
              landmarks: {
                x: number;
                y: number;
              }[];
              quality: {
                brightness: number;
                interOcularPx: number;
                /** @description true when every quality gate passed (R15) */
                passed: boolean;
                pitchDeg: number;
                /** @description the gates that failed */
                reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
                sharpness: number;
                yawDeg: number;
              };
              /** @description detector confidence, 0..1 */
              score: number;
            }[];
            height: number;
            /** @description with a track: which of the faces is the track's own (searched when the track is); else null */
            trackFaceIndex: number | null;
            width: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getProbeFace: {
    parameters: {
      query?: {
        /** @description for a video probe: the track whose best frame (default: the first track's) */
        trackId?: string;
      };
      header?: never;
      path: {
        caseId: string;
        n: number;
        probeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
    };
  };
  previewProbe: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
        probeId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          enhancements: (
            | {
                height: number;
                /** @enum {string} */
                op: 'crop';
                width: number;
                x: number;
                y: number;
              }
            | {
                degrees: number;
                /** @enum {string} */
                op: 'rotate';
              }
            | {
                factor: number;
                /** @enum {string} */
                op: 'brightness';
              }
            | {
                factor: number;
                /** @enum {string} */
                op: 'contrast';
              }
            | {
                /** @enum {string} */
                op: 'grayscale';
              }
            | {
                /** @enum {string} */
                axis: 'horizontal' | 'vertical';
                /** @enum {string} */
                op: 'flip';
              }
          )[];
          /** Format: uuid */
          trackId?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            faces: {
              box: {
                height: number;
                width: number;
                x: number;
                y: number;
              };
              /** @description eyes (image-left first), nose tip, mouth corners */
              landmarks: {
                x: number;
                y: number;
              }[];
              quality: {
                brightness: number;
                interOcularPx: number;
                /** @description true when every quality gate passed (R15) */
                passed: boolean;
                pitchDeg: number;
                /** @description the gates that failed */
                reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
                sharpness: number;
                yawDeg: number;
              };
              /** @description detector confidence, 0..1 */
              score: number;
            }[];
            height: number;
            /** @description with a track: which of the faces is the track's own (searched when the track is); else null */
            trackFaceIndex: number | null;
            width: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listProbeTracks: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
        probeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            tracks: components['schemas']['ProbeTrack'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getTrackCrop: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
        probeId: string;
        trackId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
    };
  };
  runSearch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description applied server-side, in order, and recorded (R36)
           * @default []
           */
          enhancements?: (
            | {
                height: number;
                /** @enum {string} */
                op: 'crop';
                width: number;
                x: number;
                y: number;
              }
            | {
                degrees: number;
                /** @enum {string} */
                op: 'rotate';
              }
            | {
                factor: number;
                /** @enum {string} */
                op: 'brightness';
              }
            | {
                factor: number;
                /** @enum {string} */
                op: 'contrast';
              }
            | {
                /** @enum {string} */
                op: 'grayscale';
              }
            | {
                /** @enum {string} */
                axis: 'horizontal' | 'vertical';
                /** @enum {string} */
                op: 'flip';
              }
          )[];
          /** @description which face of the (enhanced) probe, 0 = largest */
          faceIndex?: number;
          /** @description why this search is necessary and proportionate (R31) */
          justification: string;
          /** @description the legal basis for the search (R31) */
          legalBasis: string;
          /** @description N: how many candidates to return (R34) */
          maxCandidates?: number;
          /** @description raise the policy minimum score for this search */
          minScore?: number;
          /** @description defaults to the case's */
          offenceType?: string;
          /** Format: uuid */
          probeId: string;
          /**
           * Format: uuid
           * @description for a video probe: the track to search
           */
          trackId?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description ranked by score, best first */
            candidates: components['schemas']['Candidate'][];
            /** @description these are leads, not identifications (R34) */
            notice: string;
            search: components['schemas']['Search'];
            /** @description every supervisor review, oldest first (R38) */
            supervisorReviews: components['schemas']['SupervisorReview'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listDeployments: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        status?: 'draft' | 'authorised' | 'live' | 'closed' | 'reviewed';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            deployments: components['schemas']['Deployment'][];
          };
        };
      };
    };
  };
  createDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default 1 */
          cameraCount?: number;
          /**
           * @description watchlist criteria: configured categories (R7)
           * @default []
           */
          categories?: string[];
          /** @default  */
          dpiaVersion?: string;
          /** @default  */
          eiaVersion?: string;
          /** @default  */
          intelligenceCase?: string;
          /** @default  */
          locationBoundary?: string;
          /** @default  */
          locationName?: string;
          /**
           * @description why people on the watchlist may be expected there
           * @default
           */
          locationReason?: string;
          name: string;
          /**
           * @description public notice and signage, or the reason for an exception (R4)
           * @default {}
           */
          notice?: {
            /** @description why there is no notice or signage: a recorded exception (R4) */
            exception?: string;
            /**
             * Format: date-time
             * @description when the public notice was published (R4)
             */
            publishedAt?: string;
            /** @description the signage at the location (R4) */
            signage?: string;
          };
          /** Format: date-time */
          plannedEnd: string;
          /**
           * @description people expected to pass (R12)
           * @default 0
           */
          plannedFootfall?: number;
          /** Format: date-time */
          plannedStart: string;
          /** @default  */
          policingObjective?: string;
          /** @default  */
          policyVersion?: string;
          /** @description default: the calibrated threshold in force (R14) */
          threshold?: number;
          /**
           * @description the published "type" column, e.g. "overt LFR, van-mounted"
           * @default overt LFR
           */
          type?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deployment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deployment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  updateDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          cameraCount?: number;
          /** @description watchlist criteria: configured categories (R7) */
          categories?: string[];
          dpiaVersion?: string;
          eiaVersion?: string;
          intelligenceCase?: string;
          locationBoundary?: string;
          locationName?: string;
          /** @description why people on the watchlist may be expected there */
          locationReason?: string;
          name?: string;
          /** @description public notice and signage, or the reason for an exception (R4) */
          notice?: {
            /** @description why there is no notice or signage: a recorded exception (R4) */
            exception?: string;
            /**
             * Format: date-time
             * @description when the public notice was published (R4)
             */
            publishedAt?: string;
            /** @description the signage at the location (R4) */
            signage?: string;
          };
          /** Format: date-time */
          plannedEnd?: string;
          /** @description people expected to pass (R12) */
          plannedFootfall?: number;
          /** Format: date-time */
          plannedStart?: string;
          policingObjective?: string;
          policyVersion?: string;
          /** @description default: the calibrated threshold in force (R14) */
          threshold?: number;
          /** @description the published "type" column, e.g. "overt LFR, van-mounted" */
          type?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deployment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listAlerts: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        pending?: 'true' | 'false';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            alerts: components['schemas']['Alert'][];
            /** @description the stream position of this list: open the stream with `?since=` it */
            cursor: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  streamAlerts: {
    parameters: {
      query?: {
        /** @description resume after this event id (the `cursor` of the alert list, or the last event id seen) */
        since?: number;
      };
      header?: {
        /** @description resume after this event id (sent by EventSource) */
        'last-event-id'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description text/event-stream */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': components['schemas']['Error'];
        };
      };
    };
  };
  checkAuthorisation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            problems: string[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  authoriseDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          note: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deployment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listCameras: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            cameras: {
              createdAt: string;
              id: string;
              name: string;
              source: {
                kind: string;
                loop?: boolean;
                path?: string;
                url?: string;
              };
              status: {
                [key: string]: unknown;
              } | null;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  addCamera: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          source: {
            /** @enum {string} */
            kind: 'rtsp' | 'http' | 'file' | 'folder';
            loop?: boolean;
            path?: string;
            url?: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            createdAt: string;
            id: string;
            name: string;
            source: {
              kind: string;
              loop?: boolean;
              path?: string;
              url?: string;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getCameraFrame: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        cameraId: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
    };
  };
  forecastFalseAlerts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            basis: 'calibrated' | 'interpolated' | 'extrapolated';
            /** @description for the planned footfall (R12) */
            expectedFalseAlerts: number;
            /** @description false match rate per comparison at the threshold */
            fmr: number;
            footfall: number;
            perPasserBy: number;
            threshold: number;
            watchlistSize: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getDeploymentRecord: {
    parameters: {
      query?: {
        format?: 'json' | 'csv';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]:
              | (
                  | string
                  | number
                  | {
                      camera: string;
                      from: string;
                      reason: string;
                      seconds: number | null;
                      to: string | null;
                    }[]
                )
              | null;
          };
          'text/csv': {
            [key: string]:
              | (
                  | string
                  | number
                  | {
                      camera: string;
                      from: string;
                      reason: string;
                      seconds: number | null;
                      to: string | null;
                    }[]
                )
              | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
          'text/csv': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
          'text/csv': components['schemas']['Error'];
        };
      };
    };
  };
  refuseDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deployment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  reviewDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          arrestsOrDisposals?: number;
          summary: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deployment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  startDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          note?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deployment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  stopDeployment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description the same as `reason` (older clients) */
          note?: string;
          /** @description why matching is stopped now (recorded) */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deployment'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listWatchlist: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entries: components['schemas']['WatchlistEntry'][];
            hash: string;
            size: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  addWatchlistEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          category: string;
          /** @description why this person is on this watchlist */
          reason: string;
          /** Format: uuid */
          subjectId: string;
          /** @description the recorded reason an under-18 entry is needed (R13) */
          under18Override?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WatchlistEntry'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  removeWatchlistEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        entryId: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  compareFaces: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /**
           * Format: binary
           * @description JPEG, PNG, WebP, GIF (first frame) or TIFF (first page)
           */
          a: string;
          /**
           * Format: binary
           * @description JPEG, PNG, WebP, GIF (first frame) or TIFF (first page)
           */
          b: string;
          /** @description which face of image a to compare (0 = largest); needed when it shows several */
          faceA?: string;
          /** @description which face of image b to compare (0 = largest) */
          faceB?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            a: {
              box: {
                height: number;
                width: number;
                x: number;
                y: number;
              };
              /** @description which face of the image (0 = largest) */
              index: number;
              /** @description eyes (image-left first), nose tip, mouth corners */
              landmarks: {
                x: number;
                y: number;
              }[];
              quality: {
                brightness: number;
                interOcularPx: number;
                /** @description true when every quality gate passed (R15) */
                passed: boolean;
                pitchDeg: number;
                /** @description the gates that failed */
                reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
                sharpness: number;
                yawDeg: number;
              };
              /** @description detector confidence, 0..1 */
              score: number;
            };
            b: {
              box: {
                height: number;
                width: number;
                x: number;
                y: number;
              };
              /** @description which face of the image (0 = largest) */
              index: number;
              /** @description eyes (image-left first), nose tip, mouth corners */
              landmarks: {
                x: number;
                y: number;
              }[];
              quality: {
                brightness: number;
                interOcularPx: number;
                /** @description true when every quality gate passed (R15) */
                passed: boolean;
                pitchDeg: number;
                /** @description the gates that failed */
                reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
                sharpness: number;
                yawDeg: number;
              };
              /** @description detector confidence, 0..1 */
              score: number;
            };
            /**
             * @description "match" only when score >= threshold; below it the answer is "no match" (R17)
             * @enum {string}
             */
            decision: 'match' | 'no match';
            /** @description the recognizer that made both templates */
            modelId: string;
            /**
             * @description false match rate the calibrated threshold was set for
             * @enum {string}
             */
            operatingFmr: '1e-2' | '1e-3' | '1e-4';
            /** @description cosine similarity of the two face templates, -1..1 */
            score: number;
            /** @description the threshold in force for this model */
            threshold: number;
            /** @enum {string} */
            thresholdSource: 'calibrated' | 'configured';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  detectFaces: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /**
           * Format: binary
           * @description JPEG, PNG, WebP, GIF (first frame) or TIFF (first page)
           */
          image: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description largest face first */
            faces: {
              box: {
                height: number;
                width: number;
                x: number;
                y: number;
              };
              /** @description eyes (image-left first), nose tip, mouth corners */
              landmarks: {
                x: number;
                y: number;
              }[];
              quality: {
                brightness: number;
                interOcularPx: number;
                /** @description true when every quality gate passed (R15) */
                passed: boolean;
                pitchDeg: number;
                /** @description the gates that failed */
                reasons: ('too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright')[];
                sharpness: number;
                yawDeg: number;
              };
              /** @description detector confidence, 0..1 */
              score: number;
            }[];
            /** @enum {string} */
            format: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'rgb';
            height: number;
            /** @description the model pack that found the faces */
            pack: string;
            width: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  breakGlassReferenceImage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': string;
          'image/jpeg': string;
          'image/png': string;
          'image/tiff': string;
          'image/webp': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
    };
  };
  getReferenceImageContent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': string;
          'image/jpeg': string;
          'image/png': string;
          'image/tiff': string;
          'image/webp': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/gif': components['schemas']['Error'];
          'image/jpeg': components['schemas']['Error'];
          'image/png': components['schemas']['Error'];
          'image/tiff': components['schemas']['Error'];
          'image/webp': components['schemas']['Error'];
        };
      };
    };
  };
  getReferenceImageFace: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
    };
  };
  galleryStats: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            images: number;
            /** @description templates of the current model in the search index */
            indexed: number;
            modelId: string;
            subjects: number;
            templates: number;
          };
        };
      };
    };
  };
  listSubjects: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        /** @description part of a reference or name */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            subjects: {
              category: string | null;
              createdAt: string;
              createdBy: string;
              dateOfBirth: string | null;
              displayName: string;
              id: string;
              imageCount: number;
              reference: string;
            }[];
            total: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createSubject: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /** @description when the photograph was taken */
          captureDate?: string;
          /** @description watchlist category (from the configured list) */
          category?: string;
          /** @description used to block under-18 watchlist entries (R13) */
          dateOfBirth?: string;
          displayName: string;
          /** @description which face, when the image shows several (0 = largest) */
          faceIndex?: string;
          /**
           * Format: binary
           * @description JPEG, PNG, WebP, GIF (first frame) or TIFF (first page)
           */
          image: string;
          /** @description the legal basis for holding it, e.g. "PACE s64A" */
          legalBasis: string;
          /** @description why it is being added */
          reason: string;
          /** @description the force's own reference, e.g. a custody number; unique */
          reference: string;
          /** @description where the image came from, e.g. "custody suite, Charing Cross" */
          source: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the images enrolled by this request */
            images: components['schemas']['ReferenceImage'][];
            /** @description other subjects whose images reach the match threshold: check before relying on either */
            possibleDuplicates: {
              reference: string;
              score: number;
              subjectId: string;
            }[];
            subject: components['schemas']['Subject'];
            /** @description the score at which another subject is flagged as a possible duplicate */
            threshold: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getSubject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            images: components['schemas']['ReferenceImage'][];
            subject: components['schemas']['Subject'];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  deleteSubject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            deleted: {
              images: number;
              templates: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  addReferenceImage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /** @description when the photograph was taken */
          captureDate?: string;
          /** @description which face, when the image shows several (0 = largest) */
          faceIndex?: string;
          /**
           * Format: binary
           * @description JPEG, PNG, WebP, GIF (first frame) or TIFF (first page)
           */
          image: string;
          /** @description the legal basis for holding it, e.g. "PACE s64A" */
          legalBasis: string;
          /** @description why it is being added */
          reason: string;
          /** @description where the image came from, e.g. "custody suite, Charing Cross" */
          source: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the images enrolled by this request */
            images: components['schemas']['ReferenceImage'][];
            /** @description other subjects whose images reach the match threshold: check before relying on either */
            possibleDuplicates: {
              reference: string;
              score: number;
              subjectId: string;
            }[];
            subject: components['schemas']['Subject'];
            /** @description the score at which another subject is flagged as a possible duplicate */
            threshold: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listHolds: {
    parameters: {
      query?: {
        /** @description only active (true) or only released (false) holds */
        active?: 'true' | 'false';
        targetId?: string;
        targetType?: 'case' | 'deployment' | 'alert' | 'subject';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            holds: components['schemas']['LegalHold'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  placeHold: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description 'investigation', 'complaint', 'litigation' or other text */
          reason: string;
          /** @description the investigation, complaint or claim number */
          reference: string;
          targetId: string;
          /**
           * @description what the hold covers: a case, a deployment, an alert or a subject
           * @enum {string}
           */
          targetType: 'case' | 'deployment' | 'alert' | 'subject';
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegalHold'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  releaseHold: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        holdId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description why the hold is released */
          note?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegalHold'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  jobQueue: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            counts: {
              active: number;
              completed: number;
              delayed: number;
              failed: number;
              waiting: number;
            };
            failed: {
              attempts: number;
              error: string;
              failedAt: string;
              id: string;
              name: string;
              payload: unknown;
            }[];
            /** @enum {string} */
            queue: 'in-process' | 'bullmq';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  configuredLists: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            offenceTypes: string[];
            probeProvenances: string[];
            watchlistCategories: string[];
          };
        };
      };
    };
  };
  me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Me'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listOwnTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            tokens: components['schemas']['ApiToken'][];
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createOwnToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: date-time
           * @description ISO time; omitted: until revoked
           */
          expiresAt?: string;
          /** @description what the token is for, e.g. the machine that uses it */
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the bearer token: shown this once, kept only as a hash */
            secret: string;
            token: components['schemas']['ApiToken'];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  revokeOwnToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tokenId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listModels: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description nets whose weights ship inside an npm dependency */
            builtIn: {
              card?: components['schemas']['ModelCard'];
              /** @description the weights are those this version of Vigil was measured with */
              expected: boolean;
              /** @enum {string} */
              kind:
                | 'yunet'
                | 'scrfd'
                | 'arcface'
                | 'faceapi-ssd'
                | 'faceapi-tiny'
                | 'faceapi-landmarks68'
                | 'faceapi-resnet'
                | 'mediapipe-facemesh';
              modelId: string;
              sha256: string;
            }[];
            /** @description the pack new templates are made with */
            inUse: string;
            packs: {
              detector: string;
              landmarker?: string;
              name: string;
              recognizer: string;
            }[];
            /** @description ONNX models an operator registered */
            registered: {
              addedAt: string;
              card: components['schemas']['ModelCard'];
              id: string;
              /** @enum {string} */
              kind:
                | 'yunet'
                | 'scrfd'
                | 'arcface'
                | 'faceapi-ssd'
                | 'faceapi-tiny'
                | 'faceapi-landmarks68'
                | 'faceapi-resnet'
                | 'mediapipe-facemesh';
              /** @enum {string} */
              role: 'detector' | 'landmarker' | 'recognizer';
              sha256: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getPeriodicReport: {
    parameters: {
      query: {
        /** @description start of the period, inclusive: a date (midnight UTC) or a date-time */
        from: string;
        /** @description end of the period, exclusive: e.g. from=2026-03-01&to=2026-04-01 for March */
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PeriodicReport'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  exportPeriodicReport: {
    parameters: {
      query: {
        /** @description csv: one file with a section per table; html: a printable page; json: the report as a file */
        format?: 'csv' | 'html' | 'json';
        /** @description start of the period, inclusive: a date (midnight UTC) or a date-time */
        from: string;
        /** @description end of the period, exclusive: e.g. from=2026-03-01&to=2026-04-01 for March */
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
          'text/csv': components['schemas']['Error'];
          'text/html': components['schemas']['Error'];
        };
      };
    };
  };
  getRetentionPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RetentionPolicy'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  runPurge: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description optional: no body runs a real purge */
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description report what would go and change nothing
           * @default false
           */
          dryRun?: boolean;
          /**
           * @description dry run: ids listed per class, at most
           * @default 1000
           */
          itemsLimit?: number;
        } | null;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | {
                actor: string | null;
                auditSeq: number | null;
                counts: components['schemas']['PurgeCounts'];
                /** @enum {boolean} */
                dryRun: false;
                errors: string[];
                finishedAt: string | null;
                /** @description items that were due but kept by a legal hold, per class */
                held: {
                  alertImages: number;
                  alertRecords: number;
                  caseFiles: number;
                  footage: number;
                  probes: number;
                };
                id: string;
                /** @description files left by interrupted runs that this run deleted */
                leftoverMediaDeleted: number;
                linkedAlertsKept: number;
                mediaDeleted: number;
                mediaQueued: number;
                startedAt: string;
                /**
                 * @description 'applied': committed but interrupted before its files were deleted (the next run deletes them)
                 * @enum {string}
                 */
                status: 'applied' | 'completed' | 'completed-with-errors' | 'failed';
                /** @enum {string} */
                trigger: 'schedule' | 'manual';
                /** @description the windows in force for the run */
                windows: {
                  [key: string]: number;
                };
              }
            | {
                at: string;
                counts: components['schemas']['PurgeCounts'];
                /** @enum {boolean} */
                dryRun: true;
                /** @description items that were due but kept by a legal hold, per class */
                held: {
                  alertImages: number;
                  alertRecords: number;
                  caseFiles: number;
                  footage: number;
                  probes: number;
                };
                /** @description ids that would go: alerts, alerts, video probes, probes, cases */
                items: {
                  alertImages: string[];
                  alertRecords: string[];
                  caseFiles: string[];
                  footage: string[];
                  probes: string[];
                };
                linkedAlertsKept: number;
                /** @description files queued by earlier runs, which the next run deletes */
                pendingMedia: number;
                /** @description the windows in force for the run */
                windows: {
                  [key: string]: number;
                };
              };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listPurgeRuns: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            runs: components['schemas']['PurgeRun'][];
            total: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getPurgeRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PurgeRun'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getSearch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        searchId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description ranked by score, best first */
            candidates: components['schemas']['Candidate'][];
            /** @description these are leads, not identifications (R34) */
            notice: string;
            search: components['schemas']['Search'];
            /** @description every supervisor review, oldest first (R38) */
            supervisorReviews: components['schemas']['SupervisorReview'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  recordExaminerDecision: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        rank: number;
        searchId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'possible-match' | 'not-a-match' | 'inconclusive';
          note?: string;
          /** @description required to revise a decision already recorded (only its author may); the earlier one is kept */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description ranked by score, best first */
            candidates: components['schemas']['Candidate'][];
            /** @description these are leads, not identifications (R34) */
            notice: string;
            search: components['schemas']['Search'];
            /** @description every supervisor review, oldest first (R38) */
            supervisorReviews: components['schemas']['SupervisorReview'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getCandidateFace: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        rank: number;
        searchId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
    };
  };
  recordOfficerDecision: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        rank: number;
        searchId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'accepted-as-lead' | 'rejected';
          note?: string;
          /** @description required to revise a decision already recorded (only its author may); the earlier one is kept */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description ranked by score, best first */
            candidates: components['schemas']['Candidate'][];
            /** @description these are leads, not identifications (R34) */
            notice: string;
            search: components['schemas']['Search'];
            /** @description every supervisor review, oldest first (R38) */
            supervisorReviews: components['schemas']['SupervisorReview'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getSearchedFace: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        searchId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': components['schemas']['Error'];
        };
      };
    };
  };
  recordSupervisorReview: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        searchId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          note: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReviewedSearch'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  searchStatistics: {
    parameters: {
      query?: {
        by?: 'user' | 'case' | 'offence';
        from?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            by: 'user' | 'case' | 'offence';
            rows: {
              /** @description share of searches with a candidate accepted as a lead */
              hitRate: number;
              key: string;
              searches: number;
              supervisorReviewed: number;
              withAcceptedLead: number;
              withPossibleMatch: number;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  setup: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          displayName: string;
          password: string;
          /** @description the one-time setup token the server printed at start */
          token: string;
          username: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  thresholdInForce: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            floor: number;
            history: {
              biasReportId: string;
              reason: string;
              setAt: string;
              setBy: string;
              threshold: number;
            }[];
            modelId: string;
            operatingFmr: string;
            threshold: number;
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  changeThreshold: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason: string;
          threshold: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            modelId: string;
            threshold: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listUsers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            users: components['schemas']['User'][];
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          displayName: string;
          /**
           * @description default person; a machine account uses API tokens only
           * @enum {string}
           */
          kind?: 'person' | 'machine';
          /** @description omit for users who sign in through OpenID Connect, and for machines; a temporary password to change at first sign-in */
          password?: string;
          roles: (
            | 'authorising-officer'
            | 'watchlist-manager'
            | 'operator'
            | 'engagement-officer'
            | 'investigator'
            | 'rfr-supervisor'
            | 'auditor'
            | 'administrator'
          )[];
          /** @description 1 to 64 of a-z 0-9 . _ @ - (stored lower-case) */
          username: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserWithGrants'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  updateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          disabled?: boolean;
          displayName?: string;
          /** @description why, e.g. for disabling: kept in the audit entry */
          reason?: string;
          roles?: (
            | 'authorising-officer'
            | 'watchlist-manager'
            | 'operator'
            | 'engagement-officer'
            | 'investigator'
            | 'rfr-supervisor'
            | 'auditor'
            | 'administrator'
          )[];
          /**
           * @description clear a lockout after failed logins
           * @enum {boolean}
           */
          unlock?: true;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserWithGrants'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  resetPassword: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listTokens: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            tokens: components['schemas']['ApiToken'][];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: date-time
           * @description ISO time; omitted: until revoked
           */
          expiresAt?: string;
          /** @description what the token is for, e.g. the machine that uses it */
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the bearer token: shown this once, kept only as a hash */
            secret: string;
            token: components['schemas']['ApiToken'];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  revokeToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        tokenId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listRoleGrants: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            grants: components['schemas']['RoleGrant'][];
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  approveRoleGrant: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoleGrant'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  refuseRoleGrant: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoleGrant'];
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
}
