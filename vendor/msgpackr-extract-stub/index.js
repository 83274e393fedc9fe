// msgpackr catches this and uses its pure-JavaScript string decoding.
throw new Error('msgpackr-extract is not installed (Vigil uses msgpackr without native acceleration)');
