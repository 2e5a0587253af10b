/* The set-up that iframe-worker-shim.js used to write inline into the worker's frame
   (same code, from iframe-worker, MIT licence: see iframe-worker-LICENSE.txt). */
"use strict";(()=>{var f=document.currentScript.dataset.worker;
/* the search worker finds its folder from the first script[src] of the frame: leave it the worker */
document.currentScript.remove();
self.postMessage=function(s,n){parent.postMessage(s,n||"*")};
self.importScripts=function(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document.createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)})),Promise.resolve())};
addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",{filename:f,error}))});})();
