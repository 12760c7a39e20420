import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from "@xyflow/react";
import { memo } from "react";
import { formatRowsText } from "../core/format";
import type { FlowEdge } from "../core/graph";

/** An edge that says how many rows flowed along it in the last development run; nothing
 * where no run has counted them. */
function CountedEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, interactionWidth, data } = props;
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const rows = data?.rows;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />
      {rows != null ? (
        <EdgeLabelRenderer>
          <div
            className="ff-edge-rows nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid="edge-rows"
            data-edge-id={id}
            data-rows={rows}
          >
            {formatRowsText(rows)}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const CountedEdge = memo(CountedEdgeView);
