// Inside the project's layout, so a project of another organization still answers 404
// (the layout's notFound() runs before anything streams).
export { default } from '../../_components/loading';
