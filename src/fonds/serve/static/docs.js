// The OpenAPI page: Swagger UI, served by Fonds itself (no CDN, no inline script).
window.addEventListener("load", function () {
  SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
